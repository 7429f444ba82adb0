/**
 * GFM tables: recordable cells become fields, and a table whose rows are T+ offsets with error
 * rate / latency / status columns becomes the monitoring checkpoints the engine fills in.
 */
import type { Nodes, Table } from "mdast";
import type { Field, RecordTable } from "../domain/runbook.js";
import { findTimeMarker } from "../domain/time.js";
import { readChoices } from "./choices.js";
import { type FieldContext, readBlanks } from "./fields.js";
import { flatten } from "./flat.js";

export interface TableContext extends FieldContext {
  readonly tables: RecordTable[];
  scanThresholds(text: string, node: Nodes): void;
}

export function readTable(ctx: TableContext, t: Table): RecordTable | undefined {
  const [head, ...rows] = t.children;
  if (!head) return undefined;
  const header = head.children.map((c) => flatten(c.children).text.trim());
  for (const c of head.children) ctx.scanThresholds(flatten(c.children).text, c);
  const flats = rows.map((r) => r.children.map((c) => flatten(c.children)));
  const recordable = flats.some((r) => r.some((c) => /_{3,}|[☐☑☒]/.test(c.text)));
  const id = `t${ctx.tables.length + 1}`;
  const table: RecordTable = { id, section: ctx.sectionId, header, rows: [], position: ctx.source.pos(t) };
  rows.forEach((row, r) => {
    const rowKey = flats[r]![0]?.text.trim() ?? `row ${r + 1}`;
    const cells = row.children.map((cell, c) => {
      const flat = flats[r]![c]!;
      const text = flat.text.trim();
      ctx.scanThresholds(flat.text, cell);
      if (!recordable || c === 0) return { text };
      const label = `${rowKey} ${header[c] ?? `column ${c + 1}`}`;
      const where = { id, row: r, column: c };
      const blanks = readBlanks(ctx, flat, undefined, where, label);
      if (blanks.length) return { text, field: blanks[0]!.id };
      const choice = readChoices(ctx, flat, cell, undefined, label, where);
      if (choice) return { text, field: choice.id };
      if (text === "") {
        const f: Field = {
          id: `f${ctx.fields.length + 1}`,
          kind: "cell",
          label,
          section: ctx.sectionId,
          table: where,
          position: ctx.source.pos(cell),
        };
        ctx.fields.push(f);
        return { text, field: f.id };
      }
      return { text };
    });
    table.rows.push({ cells });
  });
  if (recordable) addCheckpoints(table);
  ctx.tables.push(table);
  return table;
}

/** Rows that are all `T+<offset>` are the monitoring checkpoints; columns are found by their header. */
function addCheckpoints(table: RecordTable) {
  const markers = table.rows.map((row) => {
    const m = findTimeMarker(row.cells[0]?.text ?? "");
    return m?.kind === "offset" && /^T\s*\+/i.test(row.cells[0]?.text ?? "") ? m.minutes : undefined;
  });
  if (!markers.length || !markers.every((m) => m !== undefined)) return;
  const col = (re: RegExp) => table.header.findIndex((h, i) => i > 0 && re.test(h));
  const cols = {
    errorRate: col(/error/i),
    latencyP95: col(/latency|p95/i),
    status: col(/status|result|outcome|verdict/i),
    notes: col(/note|comment/i),
  };
  table.checkpoints = table.rows.map((row, r) => ({
    row: r,
    offsetMinutes: markers[r]!,
    fields: Object.fromEntries(
      Object.entries(cols).map(([k, c]) => [k, c >= 0 ? row.cells[c]?.field : undefined]),
    ),
  }));
}
