/**
 * The places a runbook asks for a value: `____` blanks (with the label and target written beside
 * them) and ☐ choices, in paragraphs and in table cells. Field ids are numbered in document order.
 */
import type { Field, Item, Position } from "../domain/runbook.js";
import { type Flat, type Segment, segmentAt, splitLabel } from "./flat.js";
import type { SourceText } from "./source-text.js";

/** What the field readers need of the runbook being built. */
export interface FieldContext {
  readonly source: SourceText;
  readonly fields: Field[];
  /** Id of the section the reader is in. */
  readonly sectionId: string;
  /** Text of the last paragraph: the label of a blank that has none of its own. */
  readonly lastParagraph: string;
}

const UNIT = /^ ?(req\/s|rps|ms|%|s\b|sec\b|seconds|MB|GB|minutes|min\b|hours?)/;

export function readBlanks(
  ctx: FieldContext,
  flat: Flat,
  item: Item | undefined,
  table?: Field["table"],
  tableLabel?: string,
): Field[] {
  const out: Field[] = [];
  const re = /_{3,}/g;
  let prevEnd = 0;
  for (const m of flat.text.matchAll(re)) {
    const at = m.index!;
    const seg = segmentAt(flat, at);
    if (!seg || seg.code) continue;
    const before = flat.text.slice(prevEnd, at);
    const nextBlank = flat.text.indexOf("___", at + m[0].length);
    const after = flat.text.slice(at + m[0].length, nextBlank < 0 ? undefined : nextBlank);
    prevEnd = at + m[0].length;
    const { label, target: labelTarget } = splitLabel(before);
    const unit = UNIT.exec(after)?.[1];
    const target = /\(\s*target:\s*([^)]+)\)/i.exec(after)?.[1]?.trim() ?? labelTarget;
    const f: Field = {
      id: `f${ctx.fields.length + 1}`,
      kind: table ? "cell" : "blank",
      label: tableLabel ?? (label || ctx.lastParagraph.replace(/:$/, "") || "Value"),
      section: ctx.sectionId,
      position: sourceOfBlank(ctx.source, seg, at - seg.at, m[0].length),
    };
    if (unit) f.unit = unit;
    if (target) f.target = target;
    if (item) f.item = item.id;
    if (table) f.table = table;
    ctx.fields.push(f);
    out.push(f);
  }
  return out;
}

/**
 * An underscore as the source may spell it: itself, escaped (`\_`, as many editors save `___`), or a
 * character reference (not one after an odd run of backslashes: that shows it as written). A blank of `&#95;` was found by the
 * fallback below, three characters long, and the record wrote its value over `&#9`.
 */
const UNDERSCORES = /(?:\\?_|(?<!(?<!\\)\\(?:\\\\)*)(?:&#0*95;|&#[xX]0*5[fF];|&lowbar;|&UnderBar;)){3,}/g;

/**
 * Maps a blank in a text node to the source; escapes can shift offsets, so search the node's source.
 * A blank however its underscores are written is one run there.
 */
function sourceOfBlank(source: SourceText, seg: Segment, indexInSeg: number, length: number): Position {
  const p = source.pos(seg.node);
  const raw = source.src.slice(p.start, p.end);
  const nth = (seg.text.slice(0, indexInSeg).match(/_{3,}/g) ?? []).length;
  let k = 0;
  for (const m of raw.matchAll(UNDERSCORES)) {
    if (k++ === nth) return source.span(p.start + m.index!, m[0].length);
  }
  return source.span(p.start + indexInSeg, length);
}
