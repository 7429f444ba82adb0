/**
 * runbook/fields.ts and runbook/tables.ts through parseRunbook on a few lines of Markdown, exact
 * output: each blank with its label, unit, target, item and its place in the source (escaped
 * underscores included: the signed-off copy writes the value there); table cells that become
 * fields; a table of T+ rows that becomes the monitoring checkpoints, and tables that do not.
 */
import { describe, expect, it } from "vitest";
import type { Field } from "../../source/domain/runbook.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const parse = (md: string) => parseRunbook("r.md", md, "0");
/** A field without its position, and the source text its position spans. */
const read = (md: string, f: Field) => {
  const { position, optionPositions, ...rest } = f;
  return { ...rest, src: md.slice(position.start, position.end) };
};

const BLANKS = [
  "# R",
  "",
  "## Checks",
  "",
  "- [ ] Throughput: ____ req/s (target: > 50)",
  "- [ ] Written `____` in code, then ____",
  "",
  "Error rate < 1% → ________ % (target: < 0.5%)",
  "",
  "Baseline p95:",
  "",
  "______ ms and ______",
  "",
  "A \\*note\\* then ____ s and \\_\\_\\_\\_ escaped",
  "",
].join("\n");

describe("blanks", () => {
  it("label before, unit and target after, the item it belongs to; code is no blank; the last paragraph labels a bare one", () => {
    const rb = parse(BLANKS);
    expect(rb.fields.map((f) => read(BLANKS, f))).toStrictEqual([
      {
        id: "f1",
        kind: "blank",
        label: "Throughput",
        section: "checks",
        unit: "req/s",
        target: "> 50",
        item: "i1",
        src: "____",
      },
      {
        id: "f2",
        kind: "blank",
        label: "Written ____ in code, then",
        section: "checks",
        item: "i2",
        src: "____",
      },
      {
        id: "f3",
        kind: "blank",
        label: "Error rate",
        section: "checks",
        unit: "%",
        target: "< 0.5%",
        src: "________",
      },
      { id: "f4", kind: "blank", label: "Baseline p95", section: "checks", unit: "ms", src: "______" },
      { id: "f5", kind: "blank", label: "ms and", section: "checks", src: "______" },
      { id: "f6", kind: "blank", label: "A *note* then", section: "checks", unit: "s", src: "____" },
      // Escaped underscores are a blank too, and its place is the escaped run (escapes before it
      // in the same text shift the unescaped offsets).
      { id: "f7", kind: "blank", label: "s and", section: "checks", src: "\\_\\_\\_\\_" },
    ]);
    expect(rb.fields[0]!.position).toEqual({ line: 5, column: 19, start: 34, end: 38 });
    expect(rb.fields[6]!.position).toMatchObject({ line: 14, column: 28 });
  });

  it("a target in parentheses with spaces or none; a label from the paragraph before (its last colon only), else Value", () => {
    const md =
      "# R\n\n____ ms first\n\n- [ ] Go\n\nStep 2: values:\n\n____ then\n\n( target: 5) ____ ( target: 5 )\n\nx ____ (target:5) y ____ (target:<5%)\n\n*emphasized words* ____ ms\n";
    const rb = parse(md);
    expect(
      rb.fields.map((f) => [f.label, f.target ?? null, md.slice(f.position.start, f.position.end)]),
    ).toEqual([
      ["Value", null, "____"],
      ["Step 2: values", null, "____"],
      ["( target: 5)", "5", "____"],
      ["x", "5", "____"],
      ["(target:5) y", "<5%", "____"],
      ["emphasized words", null, "____"],
    ]);
  });

  it("units only as a word of their own; a target in parentheses wins over the label's comparison", () => {
    const md =
      "# R\n\n- [ ] Go\n\nWait p95 < 200ms → ____ seconds then ____ sec and ____ s2 and ____ hours (target: 3)\n";
    expect(parse(md).fields.map((f) => [f.label, f.unit, f.target])).toEqual([
      ["Wait p95", "seconds", "< 200ms"],
      ["seconds then", "sec", undefined],
      ["sec and", undefined, undefined],
      ["s2 and", "hours", "3"],
    ]);
  });
});

const CHECKPOINTS = [
  "# R",
  "",
  "- [ ] Go",
  "",
  "| Time | Error rate | p95 latency | Status | Notes |",
  "|------|-----------|-------------|--------|-------|",
  "| T+15 | ____ | | ☐ Pass ☐ Fail | |",
  "| T+30m | ____ | ____ | ☐ Pass ☐ Fail | ok |",
  "",
].join("\n");

describe("tables", () => {
  it("a recordable table of T+ rows: blanks, choices and empty cells become fields by row and column; its checkpoints", () => {
    const rb = parse(CHECKPOINTS);
    expect(
      rb.fields.map((f) => [
        f.id,
        f.kind,
        f.label,
        f.table,
        CHECKPOINTS.slice(f.position.start, f.position.end),
      ]),
    ).toEqual([
      ["f1", "cell", "T+15 Error rate", { id: "t1", row: 0, column: 1 }, "____"],
      ["f2", "cell", "T+15 p95 latency", { id: "t1", row: 0, column: 2 }, "| "],
      ["f3", "choice", "T+15 Status", { id: "t1", row: 0, column: 3 }, "☐"],
      ["f4", "cell", "T+15 Notes", { id: "t1", row: 0, column: 4 }, "| |"],
      ["f5", "cell", "T+30m Error rate", { id: "t1", row: 1, column: 1 }, "____"],
      ["f6", "cell", "T+30m p95 latency", { id: "t1", row: 1, column: 2 }, "____"],
      ["f7", "choice", "T+30m Status", { id: "t1", row: 1, column: 3 }, "☐"],
    ]);
    expect(rb.tables).toEqual([
      {
        id: "t1",
        section: "r",
        header: ["Time", "Error rate", "p95 latency", "Status", "Notes"],
        rows: [
          {
            cells: [
              { text: "T+15" },
              { text: "____", field: "f1" },
              { text: "", field: "f2" },
              { text: "☐ Pass ☐ Fail", field: "f3" },
              { text: "", field: "f4" },
            ],
          },
          {
            cells: [
              { text: "T+30m" },
              { text: "____", field: "f5" },
              { text: "____", field: "f6" },
              { text: "☐ Pass ☐ Fail", field: "f7" },
              { text: "ok" },
            ],
          },
        ],
        position: { line: 5, column: 1, start: 15, end: CHECKPOINTS.length - 1 },
        checkpoints: [
          {
            row: 0,
            offsetMinutes: 15,
            fields: { errorRate: "f1", latencyP95: "f2", status: "f3", notes: "f4" },
          },
          {
            row: 1,
            offsetMinutes: 30,
            fields: { errorRate: "f5", latencyP95: "f6", status: "f7", notes: undefined },
          },
        ],
      },
    ]);
  });

  it("tables without checkpoints: nothing to record; a row that is no T+ offset; a header alone; a column without a header", () => {
    const md = [
      "# R",
      "",
      "- [ ] Go",
      "",
      "| Issue | Owner |",
      "|-------|-------|",
      "| snake_case crash | |",
      "",
      "| Step | Result | |",
      "|------|--------|--|",
      "| t + 5 | ____ | ☐ |",
      "| T-15 | ____ | x |",
      "| note | a | b |",
      "| | ____ | |",
      "",
      "| Only |",
      "|------|",
      "",
      "| Status | Status error |",
      "|---|---|",
      "| T+5 | ____ |",
      "",
      "| When | Error |",
      "|---|---|",
      "| T+5 | ok |",
      "",
      "| When | Error |",
      "|---|---|",
      "| at T+5 | ____ |",
      "",
      "| When | Error |",
      "|---|---|",
      "| T+soon | ____ |",
      "",
      "| &#32;When | Error | p95 |",
      "|---|---|---|",
      "| &#32;T +5&#32; | &#32;____ |",
      "",
    ].join("\n");
    const rb = parse(md);
    expect(rb.fields.map((f) => [f.id, f.kind, f.label, f.table])).toEqual([
      ["f1", "cell", "t + 5 Result", { id: "t2", row: 0, column: 1 }],
      ["f2", "choice", "t + 5 ", { id: "t2", row: 0, column: 2 }],
      ["f3", "cell", "T-15 Result", { id: "t2", row: 1, column: 1 }],
      ["f4", "cell", " Result", { id: "t2", row: 3, column: 1 }],
      ["f5", "cell", " ", { id: "t2", row: 3, column: 2 }],
      ["f6", "cell", "T+5 Status error", { id: "t4", row: 0, column: 1 }],
      ["f7", "cell", "at T+5 Error", { id: "t6", row: 0, column: 1 }],
      ["f8", "cell", "T+soon Error", { id: "t7", row: 0, column: 1 }],
      ["f9", "cell", "T +5 Error", { id: "t8", row: 0, column: 1 }],
    ]);
    const none = { latencyP95: undefined, status: undefined, notes: undefined };
    expect(
      rb.tables.map((t) => [
        t.id,
        t.header,
        t.rows.map((r) => r.cells.map((c) => c.field ?? c.text)),
        t.checkpoints,
      ]),
    ).toEqual([
      ["t1", ["Issue", "Owner"], [["snake_case crash", ""]], undefined],
      [
        "t2",
        ["Step", "Result", ""],
        [
          ["t + 5", "f1", "f2"],
          ["T-15", "f3", "x"],
          ["note", "a", "b"],
          ["", "f4", "f5"],
        ],
        undefined,
      ],
      ["t3", ["Only"], [], undefined],
      // The first column is the time: a header that names a status there is not the status column.
      [
        "t4",
        ["Status", "Status error"],
        [["T+5", "f6"]],
        [
          {
            row: 0,
            offsetMinutes: 5,
            fields: { errorRate: "f6", latencyP95: undefined, status: "f6", notes: undefined },
          },
        ],
      ],
      // Nothing to record: no checkpoints, whatever the rows say.
      ["t5", ["When", "Error"], [["T+5", "ok"]], undefined],
      // A row that does not start with T+, or whose time is none.
      ["t6", ["When", "Error"], [["at T+5", "f7"]], undefined],
      ["t7", ["When", "Error"], [["T+soon", "f8"]], undefined],
      // Cells written with a character reference for a space are trimmed; a short row has no cell there.
      [
        "t8",
        ["When", "Error", "p95"],
        [["T +5", "f9"]],
        [{ row: 0, offsetMinutes: 5, fields: { errorRate: "f9", ...none } }],
      ],
    ]);
  });
});

describe("a row longer than its header", () => {
  it("a cell past the header's last column is labelled by its column's number", () => {
    const rb = parse("# R\n\n- [ ] Go\n\n| When | Error |\n|---|---|\n| T+5 | ____ | ____ |\n");
    expect(rb.fields.map((f) => [f.label, f.table])).toEqual([
      ["T+5 Error", { id: "t1", row: 0, column: 1 }],
      ["T+5 column 3", { id: "t1", row: 0, column: 2 }],
    ]);
  });
});

describe("a blank written with character references", () => {
  it("is a blank all the same, its place the references themselves (the record writes the value there)", () => {
    const md =
      "# R\n\n- [ ] Rate: &#95;&#95;&#95; and p95: _&lowbar;\\_&#x5F; and \\&#95;&#95;&#95;&#95; x \\\\&#95;&#95;&#95;\n";
    const rb = parse(md);
    const at = (f: Field) => md.slice(f.position.start, f.position.end);
    expect(rb.fields.map((f) => [f.label, at(f), f.position.line, f.position.column])).toEqual([
      ["Rate", "&#95;&#95;&#95;", 3, 13],
      ["and p95", "_&lowbar;\\_&#x5F;", 3, 38],
      // An escaped reference is text as written, not part of the blank after it; after an escaped
      // backslash a reference counts again.
      ["and &#95;", "&#95;&#95;&#95;", 3, 66],
      ["x \\", "&#95;&#95;&#95;", 3, 86],
    ]);
  });
});
