// Ink's Output.get for the idle cockpit (issue 14), applied by ink-patches.mjs while bundling: code
// appended to Ink's output.js (its own get kept as getInk).
/**
 * Ink composes every frame into a fresh grid of cells, row by row, and turns each row back into a
 * string — the whole screen, once a second for the clock alone. A row's string depends only on the
 * screen's width and on what lands on that row, in order: each piece's column and its text after
 * clipping and transformers. So the first pass does Ink's clipping and transforming and gathers each
 * row's pieces; a row whose pieces equal the last frame's reuses that frame's string, and only rows
 * that changed are composed, exactly as Ink composes them (\`getInk\` below is Ink's own, kept as is).
 * What one write operation lands where is a function of the operation (its text, place and
 * transformers, never changed once written), the clip it is under and the screen's height, so it is
 * kept on the operation: an operation the tree walk reuses (below) is not clipped and split again.
 */
export const changedRowsOnly = `
const BLANK = { type: "char", value: " ", fullWidth: false, styles: [] };
const lastRows = { widths: [], pieces: [], counts: [], strings: [] };
function composeRow(width, pieces, count, caches) {
  const currentLine = [];
  for (let x = 0; x < width; x++) currentLine.push(BLANK);
  for (let p = 0; p < count; p += 2) {
    let offsetX = pieces[p];
    for (const character of caches.getStyledChars(pieces[p + 1])) {
      currentLine[offsetX] = character;
      const characterWidth = Math.max(1, caches.getStringWidth(character.value));
      for (let index = 1; index < characterWidth; index++)
        currentLine[offsetX + index] = { type: "char", value: "", fullWidth: false, styles: character.styles };
      offsetX += characterWidth;
    }
  }
  return styledCharsToString(currentLine.filter((item) => item !== undefined)).trimEnd();
}
const NO_CLIP = {};
function sameClip(a, b) {
  if (a === b) return true;
  if (a === NO_CLIP || b === NO_CLIP) return false;
  return a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2;
}
/** Where one write lands: [row, column, text, ...] after Ink's clipping, splitting and transformers. */
function landed(output, operation, clip) {
  const { text, transformers } = operation;
  let { x, y } = operation;
  const placed = [];
  let lines = text.split("\\n");
  if (clip !== NO_CLIP) {
    const clipHorizontally = typeof clip?.x1 === "number" && typeof clip?.x2 === "number";
    const clipVertically = typeof clip?.y1 === "number" && typeof clip?.y2 === "number";
    if (clipHorizontally) {
      const width = output.caches.getWidestLine(text);
      if (x + width < clip.x1 || x > clip.x2) return placed;
    }
    if (clipVertically) {
      const height = lines.length;
      if (y + height < clip.y1 || y > clip.y2) return placed;
    }
    if (clipHorizontally) {
      lines = lines.map((line) => {
        const from = x < clip.x1 ? clip.x1 - x : 0;
        const width = output.caches.getStringWidth(line);
        const to = x + width > clip.x2 ? clip.x2 - x : width;
        return output.caches.getSlice(line, from, to);
      });
      if (x < clip.x1) x = clip.x1;
    }
    if (clipVertically) {
      const from = y < clip.y1 ? clip.y1 - y : 0;
      const height = lines.length;
      const to = y + height > clip.y2 ? clip.y2 - y : height;
      lines = lines.slice(from, to);
      if (y < clip.y1) y = clip.y1;
    }
  }
  // Ink's own quirk kept: a line on a row outside the screen does not advance to the next row.
  let offsetY = 0;
  for (let [index, line] of lines.entries()) {
    const row = y + offsetY;
    if (!(row >= 0 && row < output.height)) continue;
    for (const transformer of transformers) line = transformer(line, index);
    placed.push(row, x, line);
    offsetY++;
  }
  return placed;
}
// Each row's pieces are gathered into the same arrays every frame, each with its own count of what
// it holds this frame, and the last frame's pieces of a row that changed are copied into arrays kept
// for that row: emptied by \`length = 0\` (which gives V8 back the backing store) and filled again,
// or copied by slice(), they were new arrays per row and frame (bench/RESULTS.md, render helper).
// Indexed loops: at rest this code runs unoptimised (commands/tier-up-later.ts), where for...of
// allocates per step.
const scratchRows = [];
const scratchCounts = [];
const scratchClips = [];
const scratchOut = [];
Output.prototype.get = function () {
  const height = this.height;
  const rows = scratchRows;
  const counts = scratchCounts;
  for (let y = 0; y < height; y++) {
    if (rows[y] === undefined) rows[y] = [];
    counts[y] = 0;
  }
  const clips = scratchClips;
  clips.length = 0;
  const operations = this.operations;
  for (let o = 0; o < operations.length; o++) {
    const operation = operations[o];
    if (operation.type === "clip") clips.push(operation.clip);
    if (operation.type === "unclip") clips.pop();
    if (operation.type !== "write") continue;
    const clip = (clips.length > 0 ? clips[clips.length - 1] : undefined) ?? NO_CLIP;
    let memo = operation.goliveLanded;
    if (!memo || memo.height !== height || !sameClip(memo.clip, clip)) {
      memo = { height, clip, placed: landed(this, operation, clip) };
      operation.goliveLanded = memo;
    }
    const placed = memo.placed;
    for (let i = 0; i < placed.length; i += 3) {
      const y = placed[i];
      const row = rows[y];
      row[counts[y]++] = placed[i + 1];
      row[counts[y]++] = placed[i + 2];
    }
  }
  const out = scratchOut;
  out.length = height;
  for (let y = 0; y < height; y++) {
    const pieces = rows[y];
    const count = counts[y];
    let last = lastRows.pieces[y];
    let same = lastRows.widths[y] === this.width && lastRows.counts[y] === count;
    for (let i = 0; same && i < count; i++) same = last[i] === pieces[i];
    if (!same) {
      if (last === undefined) last = lastRows.pieces[y] = [];
      for (let i = 0; i < count; i++) last[i] = pieces[i];
      // What the row no longer holds is let go of, not kept alive by a stale slot.
      for (let i = count; i < last.length; i++) last[i] = undefined;
      lastRows.widths[y] = this.width;
      lastRows.counts[y] = count;
      lastRows.strings[y] =
        rowFromPieces(this.width, pieces, count, this.caches) ?? composeRow(this.width, pieces, count, this.caches);
    }
    out[y] = lastRows.strings[y];
  }
  return { output: out.join("\\n"), height };
};
`;
