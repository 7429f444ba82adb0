/**
 * runbook/markdown-plain.ts line by line: each kind of plain line gives micromark's own tree (held
 * to it exactly, positions and key order included), and each character or shape that is not plain
 * sends the run back (undefined). Scope `runbook-markdown-plain`: milliseconds a mutant, where the
 * generated and large-runbook trials of runbook-plain-markdown.test.ts cost a minute.
 */
import { describe, expect, it } from "vitest";
import { plainBlocks } from "../../source/runbook/markdown-plain.js";
import { same, whole } from "../helpers/plain-markdown.js";

const plain = (text: string) => plainBlocks(text, 0, text.length, 1);

describe("plain lines give micromark's tree", () => {
  const docs = [
    "# Title\n",
    "###### Six deep\n",
    "## No newline at the end",
    "- [ ] a\n- [x] b\n- [X] c\n",
    "\n\n# After blank lines\n\n",
    "# H\n- [ ] straight under\n- [ ] two\n\n## H2\n\n- [ ] c\n",
    "- [ ] a\n# H\n- [ ] b\n",
    "- [ ] a\n\n# H\n- [ ] b\n",
    "- [ ] last item, then blanks\n\n\n",
    "- [ ] a b_ c __ done ___\n",
    "- [ ] ends in x_\n",
    '- [ ] 50/50 a:b c:/d (T+0 minutes) it\'s "q" a=b $HOME {{f1}} ^up - + 1.\n',
    "- [ ] w.x ww.y xwww y.www\n",
    "# a.www\n",
    "- [ ] ~\n".replace("~", "}"),
    "- [ ] x:a/b a//b\n",
  ];
  // Named by index: Stryker's per-test coverage lost the cases named by their text (newlines in it).
  for (const [n, doc] of docs.entries())
    it(`document ${n}`, () => {
      same(plain(doc), whole(doc).children);
    });

  it("starts mid-text at its line and stops at `to`, as micromark does on that run", () => {
    const src = "Intro *x*\n\n# H\n- [ ] a\n# Bad *y*\n";
    const from = src.indexOf("# H");
    const to = src.indexOf("# Bad");
    const run = whole(src.slice(0, to)).children.slice(1);
    same(plainBlocks(src, from, to, 3), run);
    expect(plainBlocks(src, from, src.length, 3)).toBeUndefined();
  });

  it("an empty run has no blocks", () => {
    expect(plainBlocks("# H\n", 4, 4, 2)).toEqual([]);
  });
});

describe("anything else sends the run to micromark", () => {
  const notPlain = {
    "seven #s": "####### Seven\n",
    "no space after #": "#Title\n",
    "a lone #": "#\n",
    "heading with nothing after the space": "# \n",
    "two spaces after #": "#  Title\n",
    "a space at the end": "- [ ] a \n",
    "a loose list": "- [ ] a\n\n- [ ] b\n",
    "another box": "- [y] a\n",
    "no space after the box": "- [ ]a\n",
    "box not closed": "- [ x\n",
    "two spaces before the box": "-  [ ] a\n",
    "another bullet": "* [ ] a\n",
    "a plain bullet": "- a\n",
    "an empty item": "- [ ] \n",
    "a paragraph": "Text\n",
    "an indented heading": " # H\n",
    "a tab": "- [ ] a\tb\n",
    "a DEL": "- [ ] a\u007fb\n",
    "a non-ASCII letter": "- [ ] caf\u00e9\n",
    "the first code past ASCII": "- [ ] a\u0080b\n",
    "text straight after the box": "- [ ]ab c\n",
    "a control character": "- [ ] a\u0001b\n",
    "an underscore opening a word": "- [ ] _x\n",
    "an underscore inside a word": "- [ ] a_b\n",
    "a run of underscores before a letter": "- [ ] ___x\n",
    "a URL": "- [ ] see http://x\n",
    "www. at the text's start": "- [ ] www.x\n",
    "WWW. in capitals": "# go WWW.x\n",
    "an entity right after an underscore run and its space": "- [ ] a_ &amp;\n",
  };
  for (const [name, doc] of Object.entries(notPlain))
    it(name, () => {
      expect(plain(doc)).toBeUndefined();
    });

  it("each of \\ ` * [ ] ! < > & ~ | # @ in the text", () => {
    for (const c of "\\`*[]!<>&~|#@") {
      expect(plain(`- [ ] a ${c} b\n`), c).toBeUndefined();
      expect(plain(`# a ${c} b\n`), c).toBeUndefined();
    }
  });
});
