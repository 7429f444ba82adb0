// Patches to Ink for the idle cockpit (issue 14: re-rendered but unchanged nodes, rows joined from
// their pieces), applied by ink-patches.mjs while bundling: `[from, to]` pairs for its patch() and code
// appended to a file.
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

/**
 * A changed row was composed cell by cell (an object per column, then a fold over neighbouring
 * cells' styles): a clock tick's few changed characters cost the whole row, pieces that did not
 * change included. The fold's output for a cell depends only on that cell and the styles of the one
 * before it, and a piece written alone starts from no styles and ends by resetting them. So where
 * the pieces stand apart in column order, within the row, the row is each piece's own serialisation
 * (kept per piece text) with spaces between: the same string, character for character. Where two
 * touch with styles on both sides of the seam (a bold table's border and its cells: the monitoring
 * table's rows, redrawn with the event log beside them at every poll), the fold writes the change
 * from the one's last styles to the other's first instead of the one's reset and the other's
 * opening codes, and so does the join. Anything else (overlap, a piece past the edge) returns
 * undefined and the row is composed as before.
 */
/** Pieces kept at most: a few per row of the screen, and the clock makes new ones every second. */
const PIECES_BOUND = 2000;
export const rowFromPieces = `
const goliveRowPieces = new Map();
function goliveComposedPiece(text, caches) {
  const cells = [];
  // Not through the shared styled-characters cache: this piece is what is kept of the text, and
  // its characters (an object each) are only read here. Kept there too they were ~10 MB of the
  // cockpit's heap after a day, read again only when a row is composed cell by cell.
  for (const character of styledCharsFromTokens(tokenize(text))) {
    cells.push(character);
    const characterWidth = Math.max(1, caches.getStringWidth(character.value));
    for (let index = 1; index < characterWidth; index++)
      cells.push({ type: "char", value: "", fullWidth: false, styles: character.styles });
  }
  const first = cells.length > 0 ? cells[0].styles : [];
  const last = cells.length > 0 ? cells[cells.length - 1].styles : [];
  // The fold writes the first cell's styles first and the last's reset last: what a seam replaces.
  return goliveSeams(
    { cells: cells.length, text: styledCharsToString(cells), firstStyles: first, lastStyles: last },
    ansiCodesToString(first),
    last.length > 0 ? ansiCodesToString(diffAnsiCodes(last, [])) : "",
  );
}
/** The piece's text without its reset (body) and without its opening codes too (inner). */
function goliveSeams(piece, lead, trail) {
  piece.styledStart = piece.firstStyles.length > 0;
  piece.styledEnd = piece.lastStyles.length > 0;
  piece.trail = trail;
  piece.body = piece.text.slice(0, piece.text.length - trail.length);
  piece.inner = piece.body.slice(lead.length);
  return piece;
}
function goliveRowPiece(text, caches) {
  let piece = goliveRowPieces.get(text);
  if (piece === undefined) {
    // Plain text (ink-patches-plain.mjs) is not taken apart cell by cell.
    piece = golivePlainPiece(text, caches) ?? goliveComposedPiece(text, caches);
    if (goliveRowPieces.size > ${PIECES_BOUND}) goliveRowPieces.clear();
    goliveRowPieces.set(text, piece);
  }
  return piece;
}
/** What the fold writes between two touching cells' styles; nothing between the same codes. */
function goliveSeam(from, to) {
  let same = from.length === to.length;
  for (let i = 0; same && i < from.length; i++) same = from[i].code === to[i].code;
  return same ? "" : ansiCodesToString(diffAnsiCodes(from, to));
}
function rowFromPieces(width, pieces, count, caches) {
  let out = "";
  let column = 0;
  // The last piece's reset, written only once the next piece is known not to touch it with styles.
  let trail = "";
  let previous;
  for (let p = 0; p < count; p += 2) {
    const x = pieces[p];
    const piece = goliveRowPiece(pieces[p + 1], caches);
    if (x < column || x + piece.cells > width) return undefined;
    if (piece.cells === 0) continue;
    if (x === column && previous !== undefined && previous.styledEnd && piece.styledStart)
      out += goliveSeam(previous.lastStyles, piece.firstStyles) + piece.inner;
    else out += x === column ? trail + piece.body : trail + " ".repeat(x - column) + piece.body;
    trail = piece.trail;
    column = x + piece.cells;
    previous = piece;
  }
  return (out + trail + " ".repeat(width - column)).trimEnd();
}
`;
