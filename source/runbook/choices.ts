/** ☐ choices, in paragraphs and in table cells: the options offered and the one ticked. */
import type { Paragraph, TableCell } from "mdast";
import type { Field, Item, Position } from "../domain/runbook.js";
import type { FieldContext } from "./fields.js";
import type { Flat } from "./flat.js";

export function readChoices(
  ctx: FieldContext,
  flat: Flat,
  node: Paragraph | TableCell,
  item: Item | undefined,
  tableLabel?: string,
  table?: Field["table"],
): Field | undefined {
  const boxes = [...flat.text.matchAll(/[☐☑☒]/g)];
  if (!boxes.length) return undefined;
  const first = boxes[0]!.index!;
  const prefix = flat.text
    .slice(0, first)
    .trim()
    .replace(/[:：]\s*$/, "")
    .trim();
  const options = boxes.map((b, i) => {
    const end = i + 1 < boxes.length ? boxes[i + 1]!.index! : flat.text.length;
    const raw = flat.text.slice(b.index! + 1, end).split("\n")[0]!;
    return raw
      .split(/\s+-\s+|\s*\/\s*$/)[0]!
      .replace(/\s*\/\s*$/, "")
      .trim();
  });
  const p = ctx.source.pos(node);
  const raw = ctx.source.src.slice(p.start, p.end);
  const optionPositions: Position[] = [];
  for (const m of raw.matchAll(/[☐☑☒]/g))
    optionPositions.push(ctx.source.span(p.start + m.index!, m[0].length));
  const f: Field = {
    id: `f${ctx.fields.length + 1}`,
    kind: "choice",
    label: tableLabel ?? (prefix || ctx.lastParagraph.replace(/:$/, "").trim() || "Choice"),
    options,
    section: ctx.sectionId,
    position: optionPositions[0] ?? p,
    optionPositions,
  };
  if (item) f.item = item.id;
  if (table) f.table = table;
  ctx.fields.push(f);
  return f;
}
