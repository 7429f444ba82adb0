// Patches to Ink for re-rendered but unchanged nodes (issue 14, the idle cockpit), applied by
// ink-patches.mjs while bundling: `[from, to]` pairs for its patch() and code appended to a file.
/**
 * React renders a cockpit's Text and Box again whenever their parent renders (the clock's frame
 * renders the App), and each render hands Ink a new style object and, for a Text, a new transform
 * function and a Box a new accessibility object, each with the same content. Ink's reconciler counts any of these, and the new children and ref (which React applies
 * itself: children by appending, removing and editing the child nodes, each marked), as a change, so the tree walk's
 * marks (ink-patches.mjs) flagged every re-rendered node and walked it again. A Text's transform is
 * a function of its colour and style props alone, so the one it gave last is given again while they
 * are the same (kept in a ref, created before Text's early return so the hooks never change), and an
 * update whose only differences are those (style and accessibility objects with the same values,
 * children, ref; Ink reads no attribute it keeps of them) is not marked.
 */
export const stableTextTransform = [
  [
    "    const inheritedBackgroundColor = useContext(backgroundContext);\n",
    "    const inheritedBackgroundColor = useContext(backgroundContext);\n    const goliveTransform = React.useRef(undefined);\n",
  ],
  [
    "internal_transform: transform }",
    "internal_transform: goliveStableTransform(goliveTransform, [dimColor, color, backgroundColor ?? inheritedBackgroundColor, bold, italic, underline, strikethrough, inverse], transform) }",
  ],
];
export const stableTransformFunction = `
function goliveStableTransform(ref, key, transform) {
  const last = ref.current;
  if (last && last.key.every((value, i) => value === key[i])) return last.transform;
  ref.current = { key, transform };
  return transform;
}
`;
export const unchangedStyleNotMarked = [
  [
    "            return;\n        }\n        goliveMark(node);\n",
    "            return;\n        }\n        if (!style && props && Object.keys(props).every((key) => key === 'style' || key === 'children' || key === 'ref' || (key === 'internal_accessibility' && oldProps[key]?.role === newProps[key]?.role && oldProps[key]?.state === newProps[key]?.state))) {\n            return;\n        }\n        goliveMark(node);\n",
  ],
];
