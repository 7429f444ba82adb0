/**
 * Runs of plain lines are built without micromark (runbook/markdown-plain.ts). The tree, and the
 * runbook read from it, must be byte for byte what micromark gives: on the shipped runbooks, the
 * fixtures, the 10,000-item runbook, the hostile corpus, and generated documents whose lines are
 * plain or one character away from it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { plainBlocks } from "../../source/runbook/markdown-plain.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { HOSTILE_RUNBOOKS, largeRunbook } from "../chaos/hostile-inputs.js";
import { ROOT } from "../helpers/paths.js";

const whole = (text: string) =>
  fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
/** micromark on every run, as before the plain path (held to `whole` by runbook-markdown-runs). */
const micromarkRuns = (text: string) => parseMarkdown(text, undefined, undefined, false);

/** The same tree, key order included. */
function same(a: unknown, b: unknown) {
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
}

/** Words of runbook text, mostly plain; each spoiler makes its line not plain, or only nearly so. */
const PLAIN = [
  "Step",
  "12:",
  "value",
  "(T+0 minutes)",
  "10 %",
  "50/50",
  "it's",
  '"q"',
  "a=b",
  "x;",
  "ok?",
  "{{f1}}",
  "$HOME",
  "^up",
  "________",
  "___",
  "_",
  "-",
  "+",
  "1.",
];
const SPOILERS = [
  "__init__",
  "a_b",
  "_x",
  "x_",
  "(___)",
  "*",
  "**bold**",
  "`code`",
  "[link]",
  "](url)",
  "![img]",
  "<b>",
  "<http://x.io>",
  "&amp;",
  "&",
  "\\",
  "\\(",
  "~~gone~~",
  "~",
  "|",
  "#",
  "a@b.io",
  "@",
  "www.example.com",
  "WWW.X.IO",
  "wwwx",
  "http://x.io",
  "https://y.io/p",
  "mailto:a",
  "://",
  "é",
  "—",
  "☐",
  "\t",
  "",
  "=",
  ">",
  "!",
];
/**
 * A line of each kind; one in `odds + 1` choices (a word, the box, the depth, a space) is a spoiler.
 * Structured documents take spoilers seldom, so that many are plain throughout; short documents
 * take them often, so that each spoiler is met alone in an otherwise plain line.
 */
function lineWith(odds: number) {
  const rare = <T>(often: fc.Arbitrary<T>, seldom: T[]) =>
    fc.oneof({ weight: odds, arbitrary: often }, { weight: 1, arbitrary: fc.constantFrom(...seldom) });
  const word = rare(fc.constantFrom(...PLAIN), SPOILERS);
  const inline = fc
    .tuple(fc.array(word, { minLength: 1, maxLength: 6 }), rare(fc.constant(""), [" ", "  ", "\t"]))
    .map(([words, trail]) => words.join(" ") + trail);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(rare(fc.constantFrom(" ", "x", "X"), ["", "y", "  "]), inline)
        .map(([b, t]) => `- [${b}] ${t}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(rare(fc.integer({ min: 1, max: 6 }), [7, 0]), rare(fc.constant(" "), ["", "  ", "\t"]), inline)
        .map(([n, sp, t]) => `${"#".repeat(n)}${sp}${t}`),
    },
    { weight: 3, arbitrary: rare(fc.constant(""), [" ", "\t"]) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "* [ ] star",
        "+ [x] plus",
        "1. [ ] one",
        "  - [ ] nested",
        "- [ ]",
        "- [ ]  two",
        "-  [ ] wide",
        " - [ ] in",
        "text",
        "---",
        "===",
        "> q",
        "```",
        "| a |",
        "<!-- golive: t-30m -->",
      ),
    },
  );
}
const docOf = (odds: number, maxLines: number) =>
  fc
    .tuple(
      fc.array(lineWith(odds), { minLength: 1, maxLength: maxLines }),
      fc.constantFrom("\n", "\n", "\n", "\r\n"),
      fc.boolean(),
    )
    .map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ""));
/** A plain document with one spoiler added to one of its lines, glued to its last word or not. */
const spoiled = fc
  .tuple(
    fc.array(lineWith(1_000), { minLength: 1, maxLength: 4 }),
    fc.nat(),
    fc.constantFrom(...SPOILERS),
    fc.constantFrom(" ", ""),
  )
  .map(([lines, at, spoiler, glue]) => {
    const i = at % lines.length;
    lines[i] = `${lines[i]}${glue}${spoiler}`;
    return `${lines.join("\n")}\n`;
  });
const doc = fc.oneof(docOf(40, 16), docOf(1, 3), spoiled);

describe("the plain path gives micromark's tree", () => {
  it("for generated documents, on its own and in runs of any length", () => {
    let built = 0;
    fc.assert(
      fc.property(doc, fc.integer({ min: 1, max: 300 }), (text, run) => {
        const tree = whole(text);
        const blocks = plainBlocks(text, 0, text.length, 1);
        if (blocks) {
          built++;
          same(blocks, tree.children);
        }
        same(parseMarkdown(text, run, 0), tree);
      }),
      { numRuns: 600 },
    );
    // The generator must reach the plain path often, or the property proves nothing about it.
    expect(built).toBeGreaterThan(40);
  });

  it("builds the 10,000-item runbook alone, the same tree and runbook as micromark", () => {
    const text = largeRunbook(10_000);
    expect(plainBlocks(text, 0, text.length, 1)).toBeDefined();
    const reference = micromarkRuns(text);
    same(parseMarkdown(text), reference);
    same(
      parseRunbook("large.md", text, "0"),
      parseRunbook("large.md", text, "0", () => reference),
    );
  });

  it("gives the shipped runbooks' and the fixtures' trees and runbooks", () => {
    const files = [
      ...["deployment.md", "go-live.md"].map((f) => join(ROOT, "checklists", f)),
      ...readdirSync(join(ROOT, "test/fixtures"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => join(ROOT, "test/fixtures", f)),
    ];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      same(parseMarkdown(text, 64, 0), whole(text));
      same(parseMarkdown(text), whole(text));
      same(
        parseRunbook(file, text, "0", (t) => parseMarkdown(t, 64, 0)),
        parseRunbook(file, text, "0", whole),
      );
    }
  });

  it("refuses the hostile corpus as before, and gives micromark's tree on each one's first 2 KB", () => {
    for (const h of HOSTILE_RUNBOOKS) {
      const text = h.make();
      const refusal = (markdown?: (t: string) => ReturnType<typeof whole>) => {
        try {
          parseRunbook("hostile.md", text, "0", markdown);
        } catch (e) {
          return String(e);
        }
        return "accepted";
      };
      expect(refusal(), h.name).toMatch(/^\w*Error: hostile\.md:\d+:1: /);
      expect(refusal(), h.name).toBe(refusal(whole));
      const head = text.slice(0, 2_000);
      same(parseMarkdown(head, 256, 0), whole(head));
    }
  });
});
