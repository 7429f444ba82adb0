/**
 * `line` broken at spaces into rows of at most `width` code points; rows after the first start with
 * `indent` spaces. A word longer than a row is cut where the row ends.
 */
export function wordWrap(line: string, width: number, indent: number): string[] {
  const w = Math.max(width, indent + 8);
  const rows: string[] = [];
  let rest = [...line];
  let lead = 0;
  while (lead + rest.length > w) {
    const room = w - lead;
    let cut = rest.lastIndexOf(" ", room);
    // No space in the row past its indentation: cut the word where the row ends.
    if (cut <= 0) cut = room;
    rows.push(" ".repeat(lead) + rest.slice(0, cut).join("").trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === " ") rest = rest.slice(1);
    lead = indent;
  }
  rows.push(" ".repeat(lead) + rest.join(""));
  return rows;
}

/** The furthest the help can scroll in a DialogView of `viewWidth` columns and `maxHeight` rows. */
