// Patches to Ink's layout for the idle cockpit (issue 14), applied by ink-patches.mjs while bundling:
// `[from, to]` pairs for its patch() and code appended to a file.
/**
 * Every text update marks its Text's Yoga node dirty, and Yoga then lays out that node's ancestors
 * again up to the root: the clock's tick (a time of the same width every second) cost a relayout
 * of the cockpit's tree for nothing. What Yoga keeps of a Text is its measurement, a function of the
 * Text's whole (squashed) text and the width it is offered. When the text before and after the
 * update is one line of the same width and the Text was last laid out at least that wide (so it was
 * not wrapped), the measurement at the width it was given is the same, and the layout stands: the
 * node is not marked. Yoga's cache may still hold the old text's measurements at narrower widths,
 * so the node is remembered, and marked dirty before the next layout that has anything to do (some
 * other node dirty, the terminal resized) — the layout that could ask for one of those widths.
 */
export const sameWidthTextKeepsLayout = [
  [
    "    node.nodeValue = text;\n    markNodeAsDirty(node);\n};",
    "    const owner = goliveOwner(node);\n    const before = owner && node.nodeValue !== undefined ? goliveLine(owner) : undefined;\n    node.nodeValue = text;\n    if (before !== undefined && goliveSameLayout(owner, before)) {\n        goliveDeferred.add(owner);\n        return;\n    }\n    markNodeAsDirty(node);\n};",
  ],
];
export const sameWidthTextCode = `
const goliveDeferred = new Set();
/** The DOM node whose Yoga node a text's change marks (Ink's findClosestYogaNode gives the Yoga node). */
function goliveOwner(node) {
  let n = node.parentNode;
  while (n && !n.yogaNode) n = n.parentNode;
  return n;
}
/** The owner's text when it is one line, else undefined. */
function goliveLine(owner) {
  if (owner.nodeName !== "ink-text") return undefined;
  const text = squashTextNodes(owner);
  return text.includes("\\n") ? undefined : text;
}
function goliveSameLayout(owner, before) {
  const after = goliveLine(owner);
  if (after === undefined) return false;
  const width = measureText(after).width;
  return width === measureText(before).width && owner.yogaNode.getComputedWidth() >= width;
}
/** Before a layout with work to do: the Texts whose same-width updates were not marked are marked. */
export function goliveFlushDeferred(root) {
  if (goliveDeferred.size === 0 || !root.yogaNode.isDirty()) return;
  for (const node of goliveDeferred) {
    let top = node;
    while (top.parentNode) top = top.parentNode;
    // A node removed since has had its Yoga node freed: it is dropped unmarked. Another Ink
    // instance's nodes wait for that instance's layout.
    if (top === root) node.yogaNode.markDirty();
    if (top === root || top.nodeName !== "ink-root") goliveDeferred.delete(node);
  }
}
`;
export const flushBeforeLayout = [
  [
    "        this.rootNode.yogaNode.calculateLayout(",
    "        dom.goliveFlushDeferred(this.rootNode);\n        this.rootNode.yogaNode.calculateLayout(",
  ],
];
/** renderToString lays out its own root: `[filter, pairs]`. */
export const renderToStringFlush = [
  /[\\/]node_modules[\\/]ink[\\/]build[\\/]render-to-string\.js$/,
  [
    ["import { createNode } from './dom.js';", "import { createNode, goliveFlushDeferred } from './dom.js';"],
    [
      "        rootNode.yogaNode.calculateLayout(",
      "        goliveFlushDeferred(rootNode);\n        rootNode.yogaNode.calculateLayout(",
    ],
  ],
];
