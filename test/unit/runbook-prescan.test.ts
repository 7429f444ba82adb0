/**
 * prescanRunbook at each of its limits: a runbook exactly at the limit passes, one more is refused at
 * the line named and in the words said; what resets a count (a blank line, a list item, a heading, a
 * table row, a fence) and what a count skips. Generated text in memory, for runbook-prescan's mutants.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../source/domain/errors.js";
import { LIMITS, prescanRunbook } from "../../source/runbook/prescan.js";

/** The refusal's message, or "ok" when the text passes. */
function verdict(text: string): string {
  try {
    prescanRunbook("rb.md", text);
    return "ok";
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return e.message;
  }
}
const refused = (line: number, what: string, limit: number | string) =>
  `rb.md:${line}:1: ${what} (the limit is ${limit}); runbooks this size or shape are refused`;
const lines = (n: number, s: string) => Array.from({ length: n }, () => s).join("\n");

describe("prescanRunbook: size", () => {
  it("1 MiB in bytes, not characters; the refusal says the size and gives the next step", () => {
    // Exactly 1,048,576 bytes; fenced, so that the size is all it is judged on (and instrumented
    // for mutants, a fence skips the per-character scan: milliseconds, not seconds).
    const mib = `\`\`\`\n${lines(10_485, "a".repeat(99))}\n${"a".repeat(72)}`;
    expect(Buffer.byteLength(mib)).toBe(LIMITS.bytes);
    expect(verdict(mib)).toBe("ok");
    expect(verdict(`${mib}a`)).toBe(refused(1, "the runbook is 1048577 bytes", "1048576 bytes"));
    const wide = `\`\`\`\n${lines(5300, "é".repeat(99))}\n${"é".repeat(50)}`;
    expect(wide.length).toBeLessThan(LIMITS.bytes);
    expect(verdict(wide)).toBe(refused(1, "the runbook is 1054804 bytes", "1048576 bytes"));
    try {
      prescanRunbook("rb.md", `${mib}a`);
    } catch (e) {
      expect((e as InputError).hint).toBe(
        "split the runbook, or move long data (logs, tables, keys) into a linked file",
      );
      expect((e as InputError).at).toEqual({ file: "rb.md", line: 1, column: 1 });
    }
  });

  it("40,000 lines, fenced code too; the file's last newline starts no line, a blank line after it does", () => {
    const fenced = (n: number) => `\`\`\`\n${lines(n - 1, "a")}`;
    expect(verdict(fenced(40_000))).toBe("ok");
    expect(verdict(fenced(40_001))).toBe(refused(40_001, "the runbook has more than 40000 lines", 40_000));
    expect(verdict(`${fenced(40_000)}\n`)).toBe("ok");
    expect(verdict(`${fenced(40_000)}\n\n`)).toBe(
      refused(40_001, "the runbook has more than 40000 lines", 40_000),
    );
    expect(verdict("")).toBe("ok");
  });

  it("a line of 16,384 characters; the one over is named", () => {
    expect(verdict(`x\n${"a".repeat(16_384)}\ny`)).toBe("ok");
    expect(verdict(`x\n${"a".repeat(16_385)}\ny`)).toBe(
      refused(2, "line 2 is 16385 characters long", 16_384),
    );
  });

  it("5,000 blank lines, whitespace-only ones counted", () => {
    expect(verdict(`a\n${lines(5000, " \t")}\nb`)).toBe("ok");
    expect(verdict(`a\n${lines(5001, " ")}\nb`)).toBe(
      refused(5002, "the runbook has more than 5000 blank lines", 5000),
    );
    expect(verdict(`a\n${lines(5001, "")}\nb`)).toBe(
      refused(5002, "the runbook has more than 5000 blank lines", 5000),
    );
  });

  it("10,000 checklist items of any marker; other list lines are no item", () => {
    const markers = ["  - [ ] a", "* [x] b", "+ [X] c", "1. [ ] d", "22) [ ] e", "-\t[ ] f"];
    const items = (n: number) => Array.from({ length: n }, (_, i) => markers[i % markers.length]).join("\n");
    const noItems = "-[ ] g\n- [y] h\n1234567890. [ ] i\n- x [ ] j\nx - [ ] k";
    expect(verdict(`${items(10_000)}\n${noItems}`)).toBe("ok");
    expect(verdict(`${noItems}\n${items(10_001)}`)).toBe(
      refused(10_006, "the runbook has more than 10000 checklist items", 10_000),
    );
  });
});

describe("prescanRunbook: a list marker starts its line, a box follows its marker", () => {
  const runs = (n: number) => "*a".repeat(n);
  it("a dash inside a line starts no item and resets no count; a bare dash is an empty item", () => {
    expect(verdict(`${runs(1500)}\nx - y\n${runs(600)}`)).toBe(
      refused(1, "the paragraph from line 1 has more than 2000 emphasis delimiters", 2000),
    );
    expect(verdict(`${runs(1500)}\n-\n${runs(600)}`)).toBe("ok");
  });

  it("a box later in an item's text is no second item; two spaces before the box still make one", () => {
    expect(verdict(`${lines(10_000, "- [ ] a")}\n- a - [ ] b`)).toBe("ok");
    expect(verdict(`${lines(10_000, "- [ ] a")}\n-  [ ] b`)).toBe(
      refused(10_001, "the runbook has more than 10000 checklist items", 10_000),
    );
  });

  it("a blank is three underscores together: `_x_` is emphasis, not one", () => {
    expect(verdict("_x_ ".repeat(65))).toBe("ok");
  });
});

describe("prescanRunbook: shape", () => {
  it("block quotes nest 16 deep, indentation 128 columns (a tab is 4)", () => {
    expect(verdict(`${">".repeat(16)} a\n${"\t".repeat(32)}b\n${" ".repeat(128)}c`)).toBe("ok");
    expect(verdict(`x\n${"> ".repeat(17)}a`)).toBe(refused(2, "block quotes nest 17 deep", 16));
    expect(verdict(`${"\t".repeat(32)} b`)).toBe(
      refused(1, "the line is indented 129 columns (nesting)", 128),
    );
    expect(verdict(`${"> ".repeat(16)}${" ".repeat(113)}c`)).toBe(
      refused(1, "the line is indented 129 columns (nesting)", 128),
    );
  });

  it("64 blanks or choice boxes on a line: ☐ ☑ ☒ and ___ (a longer rule is one)", () => {
    const ok = `${"☐".repeat(20)}${"☑".repeat(20)}${"☒".repeat(20)} ___ ______ ___ ___`;
    expect(verdict(ok)).toBe("ok");
    expect(verdict(`a\n${ok} ___`)).toBe(refused(2, "line 2 has 65 blanks or choice boxes", 64));
    expect(verdict(`${"☒".repeat(65)}`)).toBe(refused(1, "line 1 has 65 blanks or choice boxes", 64));
    expect(verdict(`${"__ ".repeat(65)}`)).toBe("ok");
    // A rule followed by a character other than a blank is still one blank, counted once.
    expect(verdict(`${"☐".repeat(60)} ___. ___. ___. ___.`)).toBe("ok");
  });

  it("2,000 emphasis runs a paragraph, counted from its first line; a run of one character is one", () => {
    const half = "*a".repeat(1000);
    expect(verdict(`${half}\n${"**_a".repeat(500)}`)).toBe("ok");
    const over = refused(3, "the paragraph from line 3 has more than 2000 emphasis delimiters", 2000);
    expect(verdict(`x\n\n${half}\n${half}\n_`)).toBe(over);
    for (const start of ["- ", "1. ", "# ", "| "])
      expect(verdict(`${half}\n${start}${half}\n${half}_`), start).toBe(
        refused(2, "the paragraph from line 2 has more than 2000 emphasis delimiters", 2000),
      );
    expect(verdict(`${half}\n\n${half}\n- ${half}`)).toBe("ok");
  });

  it("2,000 brackets a paragraph, reset like the runs", () => {
    const half = "[a]".repeat(500);
    expect(verdict(`${half}\n${half}`)).toBe("ok");
    expect(verdict(`${half}\n\n${half}\n${half}\n[`)).toBe(
      refused(3, "the paragraph from line 3 has more than 2000 brackets", 2000),
    );
    expect(verdict(`${half}\n${half}\n# ${half}\n${half}`)).toBe("ok");
  });

  it("64 cells a row (the edge pipes free), an escaped pipe no cell", () => {
    expect(verdict(`|${"a|".repeat(64)}`)).toBe("ok");
    expect(verdict(`x\n|${"a|".repeat(65)}`)).toBe(refused(2, "a table row has 66 cells", 64));
    expect(verdict(`|${"a\\|".repeat(200)}|`)).toBe("ok");
  });

  it("2,000 rows a table, counted from its first; a line without a pipe ends it", () => {
    const rows = (n: number) => lines(n, "| a | b |");
    expect(verdict(`${rows(2000)}\nplain\n${rows(2000)}`)).toBe("ok");
    expect(verdict(`${rows(2000)}\n\n${rows(2000)}`)).toBe("ok");
    expect(verdict(`x\n${rows(2001)}`)).toBe(
      refused(2, "the table from line 2 has more than 2000 rows", 2000),
    );
  });

  it("50,000 cells over all the tables, refused at the row past it", () => {
    const row = `|${"a|".repeat(48)}`; // 49 pipes: 50 cells as counted
    expect(verdict(`${lines(500, row)}\n\n${lines(500, row)}`)).toBe("ok");
    expect(verdict(`${lines(500, row)}\n\n${lines(501, row)}`)).toBe(
      refused(1002, "the runbook's tables have more than 50000 cells", 50_000),
    );
  });
});

describe("prescanRunbook: fenced code counts only as lines", () => {
  const boxes = "☐".repeat(65);
  it.each([
    ["```", "```", "ok"],
    ["~~~~", "~~~~~", "ok"],
    ["   ```", "```", "ok"],
    ["```", "~~~", "closed by nothing: ok"],
    ["````", "```", "closed by nothing: ok"],
  ])("%j … %j", (open, close, what) => {
    // Closed, the line after counts again (64 boxes pass); not closed, it is still code (65 pass).
    const after = what === "ok" ? boxes.slice(1) : boxes;
    expect(verdict(`${open}\n${boxes}\n${close}\n${after}`)).toBe("ok");
    expect(verdict(`${open}\n${boxes}\n${boxes}`)).toBe("ok");
  });

  it("one backtick or tilde opens no fence; a runbook starting with a blank line is read by its lines", () => {
    expect(verdict(`\`code\`\n${boxes}`)).toBe(refused(2, "line 2 has 65 blanks or choice boxes", 64));
    expect(verdict(`~x~\n${boxes}`)).toBe(refused(2, "line 2 has 65 blanks or choice boxes", 64));
    expect(verdict(`\n${boxes}`)).toBe(refused(2, "line 2 has 65 blanks or choice boxes", 64));
  });

  it("after the fence closes the counts are back; four spaces are no fence", () => {
    expect(verdict(`\`\`\`\n${boxes}\n\`\`\`\n${boxes}`)).toBe(
      refused(4, "line 4 has 65 blanks or choice boxes", 64),
    );
    expect(verdict(`~~~\nx\n\`\`\`\n~~~\n${boxes}`)).toBe(
      refused(5, "line 5 has 65 blanks or choice boxes", 64),
    );
    expect(verdict(`    \`\`\`\n${boxes}`)).toBe(refused(2, "line 2 has 65 blanks or choice boxes", 64));
    expect(verdict(`\`\`\`\n${lines(6000, "")}\n\`\`\``)).toBe("ok");
    expect(verdict(`\`\`\`\n${"a".repeat(16_385)}\n\`\`\``)).toBe(
      refused(2, "line 2 is 16385 characters long", 16_384),
    );
  });
});
