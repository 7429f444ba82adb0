/**
 * A large runbook is parsed one run of sections at a time (runbook/markdown.ts). The tree must be
 * exactly the one parsing the whole document gives, positions included, for any document: fences
 * and HTML blocks that swallow a heading line, containers, tables, definitions, every line ending.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { largeRunbook } from "../chaos/hostile-inputs.js";
import { ROOT } from "../helpers/paths.js";

const whole = (text: string) =>
  fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

/** Lines chosen to open, close and nest every block a heading could end or be swallowed by. */
const LINES = [
  "# Phase",
  "## Step two (T-30m)",
  "###### deep",
  "#not a heading",
  "####### seven",
  "  # indented heading",
  "- [ ] check ________",
  "- [x] done",
  "  - nested item",
  "1. ordered",
  "> quoted",
  "> # heading in a quote",
  "```bash",
  "```",
  "  ```",
  "~~~",
  "    ```",
  "    indented code",
  "<!-- golive: note -->",
  "<!--",
  "-->",
  "<div>",
  "</div>",
  "<script>",
  "</script>",
  "<?php",
  "?>",
  "| a | b |",
  "|---|---|",
  "| 1 | 2 |",
  "Para with *emphasis* and `code` http://example.com",
  "See [ref] and [^1].",
  "[ref]: https://example.com/runbook",
  "[^1]: a footnote",
  "setext",
  "===",
  "---",
  "",
  "",
];

const document = fc
  .tuple(
    fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 60 }),
    fc.constantFrom("\n", "\r\n", "\r"),
    fc.boolean(),
  )
  .map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ""));

describe("parsing a runbook in runs of sections", () => {
  it("gives the tree of the whole document, for any document and any run length", () => {
    fc.assert(
      fc.property(document, fc.integer({ min: 1, max: 200 }), (text, run) => {
        expect(parseMarkdown(text, run, 0)).toEqual(whole(text));
      }),
      { numRuns: 400 },
    );
  });

  it("gives the tree of the whole document for the shipped runbooks and a 2,000-item one", () => {
    const texts = ["deployment.md", "go-live.md"].map((f) =>
      readFileSync(join(ROOT, "checklists", f), "utf8"),
    );
    for (const text of [...texts, largeRunbook(2000)]) {
      // micromark's tree once per text (the 2,000-item one is most of this test's CPU): toEqual reads it.
      const tree = whole(text);
      expect(parseMarkdown(text, 64, 0)).toEqual(tree);
      expect(parseMarkdown(text)).toEqual(tree);
    }
  });

  it("cuts where it can: a fence that swallows a heading stops the cutting, a definition prevents it", () => {
    const sections = Array.from({ length: 6 }, (_, i) => `## S${i}\n\n- [ ] item ${i}\n`);
    const fenced = ["```", ...sections, "```", ...sections].join("\n");
    expect(parseMarkdown(fenced, 8, 0)).toEqual(whole(fenced));
    const defined = `${sections.join("\n")}\nSee [the guide].\n\n${sections.join("\n")}\n[the guide]: https://example.com\n`;
    expect(parseMarkdown(defined, 8, 0)).toEqual(whole(defined));
  });
});
