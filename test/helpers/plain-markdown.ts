/**
 * The plain path's trials (runbook/markdown-plain.ts), held to micromark: generated documents whose
 * lines are plain or one character away from it, and the large runbook. `npm test` runs them small
 * (test/unit/runbook-plain-markdown.test.ts), `npm run chaos` at full size (test/chaos/).
 */
import fc from "fast-check";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { expect } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { plainBlocks } from "../../source/runbook/markdown-plain.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { largeRunbook } from "../chaos/hostile-inputs.js";

export const whole = (text: string) =>
  fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
/** micromark on every run, as before the plain path (held to `whole` by runbook-markdown-runs). */
export const micromarkRuns = (text: string) => parseMarkdown(text, undefined, undefined, false);

/** The same tree, key order included. */
export function same(a: unknown, b: unknown) {
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

/**
 * `runs` generated documents, each through the plain path alone and through parseMarkdown in runs of
 * any length, against micromark's tree; returns how many the plain path built whole.
 */
export function plainPathOnGenerated(runs: number): number {
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
    { numRuns: runs },
  );
  return built;
}

/** largeRunbook(items): built by the plain path alone, the same tree and runbook as micromark's. */
export function plainPathOnLarge(items: number): void {
  const text = largeRunbook(items);
  expect(plainBlocks(text, 0, text.length, 1)).toBeDefined();
  const reference = micromarkRuns(text);
  same(parseMarkdown(text), reference);
  same(
    parseRunbook("large.md", text, "0"),
    parseRunbook("large.md", text, "0", () => reference),
  );
}
