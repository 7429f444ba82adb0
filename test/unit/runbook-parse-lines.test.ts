/**
 * runbook/parse.ts, the cases Stryker's first run of `runbook-parse-walk` left open: which lines
 * are labels and criteria, trimmed texts, a command's own item, where a block's first code line is.
 */
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";

const md = (text: string) => parseRunbook("inline.md", text, "0");

describe("labels, criteria and trimmed texts", () => {
  it("Time:/Team:/Duration: only at a line's start and as the whole word; no space needed after the colon", () => {
    const rb = md("# R\n\nTeam:DBA\nDuration:  5 minutes\nTimeout: 5 seconds\nNote Time: soon\n\n- [ ] x\n");
    expect(rb.sections.map((s) => [s.team, s.durationMinutes, s.time])).toEqual([["DBA", 5, undefined]]);
    expect(Object.keys(md("# R\n\nDuration: soon\n\n- [ ] x\n").sections[0]!)).not.toContain(
      "durationMinutes",
    );
    expect(rb.stated).toEqual([]);
  });

  it("criteria only after a paragraph that is exactly the label; items and triggers trimmed of a comment's space", () => {
    const rb = md(
      "# R\n\n- [ ] bound <!-- golive time T-5m -->\n\nGo criteria: see below\n\n- not one\n\nNot no-go criteria:\n\n- nor this\n\nGo criteria\n\n- a <!-- c -->\n\nRollback triggers:\n\n- Pager storm <!-- c -->\n",
    );
    expect(rb.items[0]!.text).toBe("bound");
    expect(rb.criteria).toEqual({ go: ["a"], noGo: [] });
    expect(rb.manualTriggers).toEqual([{ text: "Pager storm", line: 19 }]);
  });

  it("'No-go criteria: see below' is no label; a trigger of only a space is no manual trigger", () => {
    const rb = md(
      "# R\n\nNo-go criteria: see below\n\n- not one\n\nRollback triggers:\n\n- &#32;\n\n## Go\n\n- [ ] x\n",
    );
    expect(rb.criteria).toEqual({ go: [], noGo: [] });
    expect(rb.manualTriggers).toEqual([]);
  });

  it("a blank first in a runbook is labelled Value; a list after a list, past a heading, is no trigger list", () => {
    const rb = md("- [ ] ____\n\n## H\n\n- [ ] y\n\n## I\n\n- plain\n");
    expect(rb.fields.map((f) => f.label)).toEqual(["Value"]);
    expect(rb.manualTriggers).toEqual([]);
  });

  it("an empty runbook is refused for its missing items, at line 1", () => {
    expect(() => md("")).toThrow(
      "inline.md:1:1: expected at least one checklist item (`- [ ] ...`); is this a golive runbook?",
    );
  });

  it("a list of items without a paragraph leaves the next list, past a heading, no trigger list", () => {
    expect(md("# R\n\n- ```\n  x\n  ```\n\n## H\n\n- later\n\n- [ ] x\n").manualTriggers).toEqual([]);
  });

  it("a bound item's command is found among other items' commands", () => {
    const rb = md(
      "# R\n\n- [ ] a\n\n  ```bash\n  true\n  ```\n\n- [ ] b <!-- golive check command -->\n\n  ```bash\n  true\n  ```\n",
    );
    expect(rb.commands.map((c) => c.item)).toEqual(["i1", "i2"]);
  });
});

describe("a block's first code line", () => {
  const change = "kubectl scale d --replicas=0";
  const lines = (text: string) => md(text).blocks.flatMap((b) => b.changes.map((c) => c.line));

  it("is the fence's next line, for a fence of three or more backticks or tildes, indented up to three spaces", () => {
    expect(lines(`# R\n\n- [ ] x\n\n\`\`\`\`bash\n${change}\n\`\`\`\`\n`)).toEqual([6]);
    expect(lines(`# R\n\n- [ ] x\n\n~~~~bash\n${change}\n~~~~\n`)).toEqual([6]);
    expect(
      lines(
        `# R\n\n- [ ] x with a text long enough to push the fence past 40\n\n\`\`\`bash\n${change}\n\`\`\`\n`,
      ),
    ).toEqual([6]);
    expect(lines(`# R\n\n- [ ] x\n\n   \`\`\`bash\n   ${change}\n   \`\`\`\n`)).toEqual([6]);
  });

  it("is the block's own first line when the block is indented, even with a fence later on that line", () => {
    expect(lines(`# R\n\nText.\n\n    $ ${change} # \`\`\`\n\n- [ ] x\n`)).toEqual([5]);
  });
});

describe("labels and triggers as a wiki or another editor saves them", () => {
  const meta = (text: string) =>
    md(text).sections.map((s) => [s.team, s.durationMinutes, s.time === undefined ? undefined : "set"]);

  it("Team:/Duration:/Time: on every line, with \\n, \\r\\n or a lone \\r (Markdown's three line endings)", () => {
    for (const eol of ["\n", "\r\n", "\r"]) {
      const lines = ["# R", "", "Team: ops", "Duration: 30 minutes", "Time: T-30 minutes", "", "- [ ] x", ""];
      expect(meta(lines.join(eol)), JSON.stringify(eol)).toEqual([["ops", 30, "set"]]);
    }
  });

  it("a label line that starts with a non-breaking space is still a label; a title and a label keep no comment's space", () => {
    expect(meta("# R\n\nOwner notes\n\u00a0Team: payments\n\n- [ ] x\n")).toEqual([
      ["payments", undefined, undefined],
    ]);
    const rb = md(
      "# Release 4.2 <!-- owner: ops -->\n\nGo criteria: <!-- agreed with SRE -->\n\n- error budget intact\n\n## Steps\n\n- [ ] x\n",
    );
    expect([rb.title, ...rb.sections.map((s) => s.title)]).toEqual(["Release 4.2", "Release 4.2", "Steps"]);
    expect(rb.criteria).toEqual({ go: ["error budget intact"], noGo: [] });
  });

  it("a line of its own that says 'Abort when …' makes a bound on a metric golive cannot name a trigger, behind an icon too", () => {
    const bounds = (text: string) => (md(text).stated ?? []).map((s) => [s.metric, s.kind, s.text]);
    const line = (lead: string) => bounds(`# R\n\n${lead}Abort when orders < 10 per minute\n\n- [ ] x\n`);
    const found = [["unknown", "rollback", "Abort when orders < 10 per minute"]];
    expect(line("")).toEqual(found);
    expect(line("![stop](stop.png) ")).toEqual(found);
    // Behind an emoji, or with the condition first: the same trigger, which the lead checks by hand.
    const at = (text: string) => bounds(`# R\n\n${text}\n\n- [ ] x\n`);
    expect(at("⚠️ Abort when orders < 10 per minute")).toEqual([
      ["unknown", "rollback", "⚠️ Abort when orders < 10 per minute"],
    ]);
    expect(at("If orders < 10 per minute, abort")).toEqual([
      ["unknown", "rollback", "If orders < 10 per minute"],
    ]);
    expect(at("🚨 When orders < 10 per minute, roll back at once")).toEqual([
      ["unknown", "rollback", "🚨 When orders < 10 per minute"],
    ]);
    // A condition that asks for no rollback stays prose.
    expect(at("If orders < 10 per minute, page the on-call")).toEqual([]);
    expect(at("If orders < 10 per minute the pager rings")).toEqual([]);
    expect(bounds("# R\n\n- [ ] x\n\nRollback triggers:\n\n- orders < 10 per minute\n")).toEqual([
      ["unknown", "rollback", "orders < 10 per minute"],
    ]);
  });
});
