/**
 * runbook/parse.ts's walk over the block tree, on small runbooks with exact output: sections and
 * their Time:/Duration:/Team: lines, items and their boxes, code blocks and commands, annotations,
 * go/no-go criteria, thresholds and manual triggers. Scope `runbook-parse-walk` (milliseconds a
 * mutant; the seed-parsing tests of `runbook-parse` cost seconds).
 */
import { describe, expect, it } from "vitest";
import { parseRunbook } from "../../source/runbook/parse.js";

const md = (text: string) => parseRunbook("inline.md", text, "0");
const fails = (text: string) => {
  try {
    md(text);
  } catch (e) {
    return String(e);
  }
  return "accepted";
};

describe("sections and items", () => {
  // Parsed in each case, not when the file is collected: Stryker sets its mutant per test.
  const outline = () =>
    md(
      "# Title (T-30 minutes)\n\nTime: T-10 minutes\nDuration: 15 minutes\nTeam: Platform\n\n- [ ] one\n  - [x] two\n    - [X] three\n\n## Second\n\ntime : T+5 minutes\n\n# Other H1\n\n- [ ] four\n",
    );

  it("the first depth-1 heading is the title; the heading's marker wins over Time:; Duration: and Team: fill the section", () => {
    const rb = outline();
    expect(rb.title).toBe("Title (T-30 minutes)");
    expect(rb.file).toBe("inline.md");
    expect(rb.sha256).toBe("0");
    expect(rb.sections).toStrictEqual([
      {
        id: "title-t-30-minutes",
        number: "1",
        title: "Title (T-30 minutes)",
        depth: 1,
        position: { line: 1, column: 1, start: 0, end: 22 },
        time: { kind: "offset", minutes: -30, text: "T-30 minutes" },
        durationMinutes: 15,
        team: "Platform",
      },
      {
        id: "second",
        number: "1.1",
        title: "Second",
        depth: 2,
        position: { line: 11, column: 1, start: 119, end: 128 },
        parent: "title-t-30-minutes",
        time: { kind: "offset", minutes: 5, text: "T+5 minutes" },
      },
      {
        id: "other-h1",
        number: "2",
        title: "Other H1",
        depth: 1,
        position: { line: 15, column: 1, start: 150, end: 160 },
      },
    ]);
  });

  it("items take ids in document order, their depth, parent, checked state, box and position", () => {
    const rb = outline();
    const at = (line: number, column: number, start: number, end: number) => ({ line, column, start, end });
    expect(Object.keys(rb.items[1]!)).toEqual([
      "id",
      "text",
      "section",
      "depth",
      "checkedInSource",
      "box",
      "position",
      "parent",
    ]);
    expect(Object.keys(rb.items[0]!)).not.toContain("parent");
    const sec = "title-t-30-minutes";
    expect(
      rb.items.map((i) => [i.id, i.text, i.section, i.depth, i.checkedInSource, i.box, i.position, i.parent]),
    ).toEqual([
      ["i1", "one", sec, 0, false, at(7, 3, 82, 85), at(7, 1, 80, 117), undefined],
      ["i2", "two", sec, 1, true, at(8, 5, 94, 97), at(8, 3, 92, 117), "i1"],
      ["i3", "three", sec, 2, true, at(9, 7, 108, 111), at(9, 5, 106, 117), "i2"],
      ["i4", "four", "other-h1", 0, false, at(17, 3, 164, 167), at(17, 1, 162, 172), undefined],
    ]);
  });

  it("a plain bullet under an item is no item; a task under it still has the item for parent", () => {
    const r = md("- [ ] top\n  - note\n    - [ ] under\n");
    expect(r.items.map((i) => [i.id, i.text, i.depth, i.parent])).toEqual([
      ["i1", "top", 0, undefined],
      ["i2", "under", 2, "i1"],
    ]);
  });

  it("a task on the runbook's last line, without a newline, still finds its box", () => {
    expect(md("# R\n\n- [x] last").items[0]!.box).toEqual({ line: 3, column: 3, start: 7, end: 10 });
  });

  it("a bullet alone on its line with the box on the next: the box is the `[ ]`, not the bullet", () => {
    // The signed-off record writes [x] over the box: at the bullet it turned `-\n  [ ] step` into `[x] [ ] step`.
    const rb = md("# R\n\n-\n  [ ] step\n- [x] next\n");
    expect(rb.items.map((i) => [i.text, i.box])).toEqual([
      ["step", { line: 4, column: 3, start: 9, end: 12 }],
      ["next", { line: 5, column: 3, start: 20, end: 23 }],
    ]);
    // micromark's lines: a lone CR and a CRLF each end one.
    expect(md("# R\r\r-\r\n  [x] step\r").items[0]!.box).toEqual({ line: 4, column: 3, start: 10, end: 13 });
    expect(md("# R\r\r-\r  [x] step\r").items[0]!.box).toEqual({ line: 4, column: 3, start: 9, end: 12 });
  });

  it("an item whose first child is not a paragraph has no text; Time: inside an item is no section time", () => {
    const r = md("# R\n\n- [ ] Time: T-5m\n");
    expect(r.items[0]!.text).toBe("Time: T-5m");
    expect(r.sections[0]!.time).toBeUndefined();
  });

  it("Time: with no marker is refused at its line; an unreadable Duration: is left out", () => {
    expect(fails("# R\n\nTime: soon\n\n- [ ] x\n")).toBe(
      'UserError: inline.md:3:1: expected a time such as "T-30 minutes", "T+X (Issue Detected)" or "2 hours before go-live" after Time:, got "soon"',
    );
    const r = md("# R\n\nDuration: a while\nTeam:   DBA  \n\n- [ ] x\n");
    expect(r.sections[0]!.durationMinutes).toBeUndefined();
    expect(r.sections[0]!.team).toBe("DBA");
  });

  it("a Time: line sets the section's marker when the heading has none", () => {
    expect(md("# R\n\nTIME: T-10 minutes\n\n- [ ] x\n").sections[0]!.time).toEqual({
      kind: "offset",
      minutes: -10,
      text: "T-10 minutes",
    });
  });

  it("items in a blockquote count; no item at all is refused", () => {
    expect(md("# R\n\n> - [ ] quoted\n").items.map((i) => [i.text, i.box.column])).toEqual([["quoted", 5]]);
    expect(fails("# R\n\n- plain\n")).toBe(
      "UserError: inline.md:1:1: expected at least one checklist item (`- [ ] ...`); is this a golive runbook?",
    );
  });

  it("a runbook with no depth-1 heading is titled by its file", () => {
    expect(md("## Only\n\n- [ ] x\n").title).toBe("inline.md");
  });
});

describe("code blocks and commands", () => {
  it("each block keeps its section and item; runnable ones become commands c1, c2 in order", () => {
    const rb = md(
      "# R\n\n- [ ] run\n\n  ```bash\n  echo hi\n  ```\n\n      indented\n\n```python\nprint(1)\n```\n\n~~~sh\ntrue\n~~~\n",
    );
    expect(rb.blocks.map((b) => [b.kind, b.lang, b.code, b.id, b.item, b.section, b.position])).toEqual([
      ["shell", "bash", "echo hi", "c1", "i1", "r", { line: 5, column: 3, start: 18, end: 41 }],
      ["text", "", "indented", undefined, "i1", "r", { line: 9, column: 3, start: 45, end: 57 }],
      [
        "program",
        "python",
        "print(1)",
        undefined,
        undefined,
        "r",
        { line: 11, column: 1, start: 59, end: 81 },
      ],
      ["shell", "sh", "true", "c2", undefined, "r", { line: 15, column: 1, start: 83, end: 97 }],
    ]);
    expect(rb.commands.map((c) => [c.id, c.script, c.interpreter])).toEqual([
      ["c1", "echo hi", "bash"],
      ["c2", "true", "bash"],
    ]);
  });

  it("a traffic change's line is its own: one past the fence, the first line of an indented block", () => {
    const change = "kubectl scale d --replicas=0";
    const fenced = md(`# R\n\n- [ ] x\n\n\`\`\`bash\necho a\n${change}\n\`\`\`\n`);
    expect(fenced.blocks[0]!.changes.map((c) => c.line)).toEqual([7]);
    const tilde = md(`# R\n\n- [ ] x\n\n~~~bash\n${change}\n~~~\n`);
    expect(tilde.blocks[0]!.changes.map((c) => c.line)).toEqual([6]);
    const indented = md(`# R\n\nText.\n\n    $ ${change}\n\n- [ ] x\n`);
    expect(indented.blocks[0]!.changes.map((c) => c.line)).toEqual([5]);
  });

  it("a runbook saved with CRLF or lone CR: each code line ends in \\n alone, as bash reads lines", () => {
    // bash takes a \r as part of the line's last word (`--replicas=0\r`), and a lone \r ends no line.
    const block = (eol: string) => {
      const b = md(
        ["# R", "", "- [ ] x", "", "```bash", "echo a", "kubectl scale d --replicas=0", "```", ""].join(eol),
      ).blocks[0]!;
      return [b.code, b.script, b.changes.map((c) => [c.line, c.text])];
    };
    const want = ["echo a\nkubectl scale d --replicas=0", "echo a\nkubectl scale d --replicas=0"];
    for (const eol of ["\r\n", "\r"])
      expect(block(eol)).toEqual([...want, [[7, "kubectl scale d --replicas=0"]]]);
    const console = md("# R\r\r- [ ] x\r\r```console\r$ echo a\rout\r$ echo b\r```\r").blocks[0]!;
    expect([console.kind, console.script]).toEqual(["shell", "echo a\necho b"]);
  });
});

describe("annotations", () => {
  it("a check binds its item at the comment's line; a time annotation sets the current section's marker", () => {
    const rb = md(
      "# R\n\n- [ ] bound <!-- golive check command -->\n\n  ```bash\n  true\n  ```\n\n## S\n\n<!-- golive time T-7m -->\n\n- [ ] x\n",
    );
    expect(rb.items.map((i) => i.binding)).toEqual([{ kind: "command", args: {}, line: 3 }, undefined]);
    expect(rb.sections.map((s) => s.time)).toEqual([
      undefined,
      { kind: "offset", minutes: -7, text: "T-7m" },
    ]);
  });

  it("other comments and a canary annotation change nothing", () => {
    const rb = md(
      "# R\n\n<!-- a note -->\n\n<!-- golive canary steps=10,100 -->\n\n- [ ] x <!-- plain -->\n",
    );
    expect(rb.items[0]!.binding).toBeUndefined();
    expect(rb.sections[0]!.time).toBeUndefined();
    expect(rb.canary?.steps.map((s) => s.green)).toEqual([10, 100]);
  });

  it("misplaced or malformed annotations are refused at the comment", () => {
    expect(fails("# R\n\n<!-- golive check command -->\n\n- [ ] x\n")).toBe(
      "UserError: inline.md:3:1: a golive check annotation must sit inside a checklist item (`- [ ] ...`)",
    );
    expect(fails("# R\n\nText <!-- golive check command --> here.\n\n- [ ] x\n")).toBe(
      "UserError: inline.md:3:6: a golive check annotation must sit inside a checklist item (`- [ ] ...`)",
    );
    expect(
      fails("# R\n\n- [ ] x <!-- golive check command --> <!-- golive check http url=http://a -->\n"),
    ).toBe("UserError: inline.md:3:39: i1 is already bound to check command");
    expect(fails("# R\n\n<!-- golive time soon -->\n\n- [ ] x\n")).toBe(
      'UserError: inline.md:3:1: expected a time marker such as T-30m, got "soon"',
    );
    expect(fails("# R\n\n<!-- golive frobnicate -->\n\n- [ ] x\n")).toBe(
      'UserError: inline.md:3:1: unknown golive annotation "frobnicate"; expected check, canary or time',
    );
  });
});

describe("criteria, thresholds and triggers", () => {
  it("the list after 'Go criteria:' or 'No-go criteria' is read as such, and only that list", () => {
    const rb = md(
      "# R\n\nGo criteria:\n\n- Error rate below 1%\n- All **green**\n\nNo-go criteria\n\n- Pager storm\n\nRandom text:\n\n- not criteria\n\nGo criteria:\n\nA paragraph between.\n\n- not either\n\n- [ ] item\n",
    );
    expect(rb.criteria).toEqual({ go: ["Error rate below 1%", "All green"], noGo: ["Pager storm"] });
    expect(rb.thresholds.map((t) => [t.metric, t.kind, t.op, t.value, t.line])).toEqual([
      ["errorRate", "go", "<", 1, 5],
    ]);
  });

  it("a trigger line, a heading's threshold, and a trigger list's items: thresholds, or manual triggers when none is stated", () => {
    const rb = md(
      "# R\n\n## Abort if error rate > 9%\n\nRoll back if error rate > 5% for 5 minutes\n\n- [ ] x\n\nRollback triggers:\n\n- Error rate > 2%\n- Customers complain\n  - nested one\n\n- after the list\n\nText.\n\n- not a trigger\n",
    );
    expect(rb.thresholds.map((t) => [t.kind, t.op, t.value, t.line])).toEqual([
      ["rollback", ">", 9, 3],
      ["rollback", ">", 5, 5],
      ["rollback", ">", 2, 11],
    ]);
    expect(rb.manualTriggers).toEqual([
      { text: "Customers complain", line: 12 },
      { text: "nested one", line: 13 },
      { text: "after the list", line: 15 },
    ]);
  });

  it("a blank with no label of its own takes the paragraph before it, not one before a heading or table", () => {
    const rb = md(
      "# R\n\nDeploy id:\n\n- [ ] ____\n\n## S\n\n- [ ] ____\n\nOwner:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] ____\n",
    );
    expect(rb.fields.map((f) => [f.label, f.item])).toEqual([
      ["Deploy id", "i1"],
      ["Value", "i2"],
      ["Value", "i3"],
    ]);
    expect(rb.tables.map((t) => [t.id, t.section, t.header])).toEqual([["t1", "s", ["a", "b"]]]);
  });
});
