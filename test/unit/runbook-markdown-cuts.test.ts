/**
 * runbook/markdown.ts on a few small documents cut as small as it will (runs of 1 character, no
 * size below which it parses whole), through micromark and through the plain path: the tree, its
 * positions included, is exactly the one the whole document parses to. The slow generated corpus is
 * runbook-markdown-runs.test.ts; these are the cases each branch needs, in milliseconds.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { describe, expect, it } from "vitest";
import { codeText, parseMarkdown } from "../../source/runbook/markdown.js";

const whole = (text: string) =>
  fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

const DOCS: Record<string, string> = {
  "plain lines": "# A\n\n- [ ] one\n\n## B\n- [ ] two\n",
  "paragraphs, then plain": "# A\n\nSome *text*\nmore\n\n## B\n\n- [ ] two\n\n## C\n- [ ] three",
  "a fence that swallows a heading": "# A\n\n```\n# not a heading\n```\n\n## B\n\ntext\n",
  "a fence left open": "# A\n\ntext\n\n```\n# in the fence\n## still\n",
  "an HTML block over a heading": "# A\n\n<div>\n# inside\n</div>\n\n# B\n\ntext",
  "a reference used before its definition": "# A\n\nsee [x]\n\n# B\n\n[x]: http://a.example\n",
  "CRLF and a lone CR": "# A\r\n\r\ntext\r\n# B\rmore\r\n## C\r\n- [ ] x\r\n",
  "a table": "# A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# B\n\n| c |\n|---|\n",
  "no heading after the first line": "# A\n\ntext\n",
  "ends in a heading": "text\n\n# A",
};

describe("parseMarkdown in runs", () => {
  for (const [name, text] of Object.entries(DOCS))
    it(`${name}: the whole document's tree, plain or not`, () => {
      const want = whole(text);
      expect(parseMarkdown(text, 1, 0)).toEqual(want);
      expect(parseMarkdown(text, 1, 0, false)).toEqual(want);
      expect(parseMarkdown(text, 5, 0)).toEqual(want);
      expect(parseMarkdown(text)).toEqual(want);
    });
});

describe("codeText: a code block as bash reads it", () => {
  it("CRLF and a lone CR end a line as LF does; nothing else changes", () => {
    const code = (value: string) => codeText({ type: "code", value });
    expect(code("aws elbv2 \\\r\n  --region x\r\nsleep 900\rdone\n")).toBe(
      "aws elbv2 \\\n  --region x\nsleep 900\ndone\n",
    );
    expect(code("no endings\u2028here")).toBe("no endings\u2028here");
  });
});
