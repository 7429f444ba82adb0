/**
 * ☐ choices as the runbook writes them (runbook/choices.ts): the label before the boxes (colon and
 * spaces cut, a colon inside kept), or the paragraph above them, or "Choice"; each option up to its
 * " - " description or a trailing "/", a "/" inside an option kept; each box's own line and column,
 * the first box being the field's position; the item it sits in.
 */
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";

const TEXT = `# R

## Checks

- [ ] Stable :  ☐ YES / ☐ NO
- [ ] Go: final answer: ☐ A/B ☐ Sent to ops/ ☐ none - nothing sent
- [ ] Mode:auto ☐ on ☐ off

Outcome (10:30 call) :

☐ **GO** - all green
☐ **NO-GO** - held

## Other

☐ x ☐ y/z
`;

describe("choices", () => {
  it("reads labels, options, positions and items", () => {
    const rb = parseRunbook("r.md", TEXT, "0");
    // id, kind, label, options, item, the field's line:column, each box's line:column.
    const at = (p: { line: number; column: number }) => `${p.line}:${p.column}`;
    const seen = rb.fields.map((f) => [
      f.id,
      f.kind,
      f.label,
      f.options?.join(" | "),
      f.item ?? "-",
      at(f.position),
      f.optionPositions?.map(at).join(" "),
    ]);
    expect(seen).toEqual([
      ["f1", "choice", "Stable", "YES | NO", "i1", "5:17", "5:17 5:25"],
      ["f2", "choice", "Go: final answer", "A/B | Sent to ops | none", "i2", "6:25", "6:25 6:31 6:46"],
      ["f3", "choice", "Mode:auto", "on | off", "i3", "7:17", "7:17 7:22"],
      ["f4", "choice", "Outcome (10:30 call)", "GO | NO-GO", "-", "11:1", "11:1 12:1"],
      ["f5", "choice", "Choice", "x | y/z", "-", "16:1", "16:1 16:5"],
    ]);
    // Each box's offset is the box itself in the source.
    for (const f of rb.fields)
      for (const p of f.optionPositions ?? []) expect("☐☑☒").toContain(TEXT[p.start]);
  });

  it("an option with a description after a trailing / keeps neither: the / goes with or without a blank before it", () => {
    const md = "# R\n\n- [ ] Change: ☐ Approved / - by the CAB ☐ Rejected/ - say why\n";
    expect(parseRunbook("o.md", md, "0").fields[0]!.options).toEqual(["Approved", "Rejected"]);
  });

  it("a choice in a record table's cell names its table, row and column; one in a paragraph none", () => {
    const md =
      "# R\n\n- [ ] Deploy\n\n## Checkpoints\n\n| Time | Status |\n| --- | --- |\n| T+15 | ☐ OK ☐ Issue |\n";
    const [cell] = parseRunbook("t.md", md, "0").fields;
    expect([cell?.kind, cell?.label, cell?.options, cell?.table]).toEqual([
      "choice",
      "T+15 Status",
      ["OK", "Issue"],
      { id: "t1", row: 0, column: 1 },
    ]);
    expect("table" in parseRunbook("p.md", "# R\n\n- [ ] Stable: ☐ YES ☐ NO\n", "0").fields[0]!).toBe(false);
  });
});
