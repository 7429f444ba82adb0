/**
 * runbook/parse.ts's whole-runbook steps on small texts: the section a runbook without a heading
 * gets, manual rollback triggers said once however often a runbook repeats them, and a check
 * command that needs a code block of its own item. Stryker left these open (parse.ts:82-125, 47 %).
 */
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";

const md = (text: string) => parseRunbook("inline.md", text, "0");

describe("a runbook's whole-document steps", () => {
  it("a runbook without a heading first gets a 'Runbook' section at its start; a comment or rule before the heading does not count", () => {
    expect(md("- [ ] one\n").sections.map((s) => [s.title, s.position])).toEqual([
      ["Runbook", { line: 1, column: 1, start: 0, end: 0 }],
    ]);
    expect(md("Intro.\n\n# Real\n\n- [ ] one\n").sections.map((s) => s.title)).toEqual(["Runbook", "Real"]);
    for (const before of ["<!-- note -->\n\n", "---\n\n", "<!-- a -->\n\n***\n\n"])
      expect(md(`${before}# Real\n\n- [ ] one\n`).sections.map((s) => s.title)).toEqual(["Real"]);
  });

  it("manual triggers are said once each, whatever their case", () => {
    const rb = md(
      "# R\n\n- [ ] one\n\nRollback triggers:\n\n- Customers call support\n- Pager storm\n\n## Quick reference\n\nRollback triggers:\n\n- customers call SUPPORT\n",
    );
    expect((rb.manualTriggers ?? []).map((t) => [t.text, t.line])).toEqual([
      ["Customers call support", 7],
      ["Pager storm", 8],
    ]);
  });

  it("a check command needs a runnable block inside its own item, not another item's", () => {
    expect(() =>
      md("# R\n\n- [ ] run it <!-- golive check command -->\n- [ ] other\n\n  ```bash\n  true\n  ```\n"),
    ).toThrow(/inline\.md:3:1: check command on \S+ needs a runnable code block inside the item/);
  });
});
