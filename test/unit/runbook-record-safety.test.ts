/**
 * recordMarkupEdits, what keeps a runbook reproduced in the sign-off record from acting on its reader:
 * the exact edits for raw HTML, links, images, references, definitions, autolinks, impostor headings
 * and a fence left open, and none inside code. Small Markdown strings parsed in memory.
 */
import type { Root } from "mdast";
import { describe, expect, it } from "vitest";
import type { MarkupEdit } from "../../source/domain/markdown-escape.js";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { recordMarkupEdits } from "../../source/runbook/record-safety.js";

const J = "\u2060";
const edits = (src: string) => recordMarkupEdits(parseMarkdown(src), src);
/** The source with the edits made, as the record shows it. */
function applied(src: string): string {
  const es: MarkupEdit[] = [...edits(src)].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const e of es) {
    out += src.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + src.slice(at);
}

describe("recordMarkupEdits: HTML is text", () => {
  it("an HTML block and inline tags become entities, & and > included", () => {
    expect(edits("# T\n\n<script>alert(1)</script>\n\nText <b>x</b> & y.\n")).toEqual([
      { start: 5, end: 30, text: "&lt;script&gt;alert(1)&lt;/script&gt;" },
      { start: 37, end: 40, text: "&lt;b&gt;" },
      { start: 41, end: 45, text: "&lt;/b&gt;" },
    ]);
    expect(edits('<p title="a&b">https://x</p>\n')).toEqual([
      { start: 0, end: 28, text: `&lt;p title="a&amp;b"&gt;https:${J}//x&lt;/p&gt;` },
    ]);
  });

  it("an unclosed comment is shown, not left to hide the rest", () => {
    expect(edits("<!-- unclosed\n\n# after\n")).toEqual([
      { start: 0, end: 23, text: "&lt;!-- unclosed\n\n# after\n" },
    ]);
  });

  it("inside quotes and lists too", () => {
    expect(edits("> quote <u>u</u>\n\n- item [l](mailto:a@b.c)\n")).toEqual([
      { start: 8, end: 11, text: "&lt;u&gt;" },
      { start: 12, end: 16, text: "&lt;/u&gt;" },
      { start: 25, end: 25, text: "\\" },
      { start: 37, end: 37, text: J },
    ]);
  });
});

describe("recordMarkupEdits: links and images are their source text", () => {
  it("inline links, images, angle autolinks and GFM literals", () => {
    const src =
      "See [site](https://a.b/c) and ![img](http://x/y.png) and <https://q.r> and www.z.com and me@x.io.\n";
    expect(edits(src)).toEqual([
      { start: 4, end: 4, text: "\\" },
      { start: 17, end: 17, text: J },
      { start: 31, end: 31, text: "\\" },
      { start: 42, end: 42, text: J },
      { start: 57, end: 58, text: "&lt;" },
      { start: 64, end: 64, text: J },
      { start: 78, end: 78, text: J },
      { start: 91, end: 91, text: J },
    ]);
    expect(applied(src)).toBe(
      `See \\[site](https:${J}//a.b/c) and !\\[img](http:${J}//x/y.png) and &lt;https:${J}//q.r> and www${J}.z.com and me${J}@x.io.\n`,
    );
  });

  it("references and their definition", () => {
    expect(edits('[ref][id] ![pic][id]\n\n[id]: https://e.f/g "T"\n')).toEqual([
      { start: 0, end: 0, text: "\\" },
      { start: 11, end: 11, text: "\\" },
      { start: 22, end: 45, text: `\\[id]: https:${J}//e.f/g "T"` },
    ]);
  });

  it("a link in a heading is edited like any other", () => {
    expect(edits("# [x](https://y) T\n")).toEqual([
      { start: 2, end: 2, text: "\\" },
      { start: 12, end: 12, text: J },
    ]);
  });
});

describe("recordMarkupEdits: a tree built without positions", () => {
  it("a node with no offsets is left alone", () => {
    // The root has its offsets, so a child's missing ones are what is judged.
    const whole = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 4, offset: 3 } };
    const html = (position?: object) =>
      ({
        type: "root",
        position: whole,
        children: [{ type: "html", value: "<b>", position }],
      }) as unknown as Root;
    expect(recordMarkupEdits(html(whole), "<b>")).toEqual([{ start: 0, end: 3, text: "&lt;b&gt;" }]);
    expect(recordMarkupEdits(html(), "<b>")).toEqual([]);
    expect(
      recordMarkupEdits(
        html({ start: { line: 1, column: 1 }, end: { line: 1, column: 4, offset: 3 } }),
        "<b>",
      ),
    ).toEqual([]);
    expect(
      recordMarkupEdits(
        html({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 4 } }),
        "<b>",
      ),
    ).toEqual([]);
  });

  it("www. in raw HTML is broken too", () => {
    expect(edits("<p>www.x.com</p>\n")).toEqual([
      { start: 0, end: 16, text: `&lt;p&gt;www${J}.x.com&lt;/p&gt;` },
    ]);
  });
});

describe("recordMarkupEdits: headings that imitate the record", () => {
  it("marked where the words start, at any level and spelling; text outside a heading is left", () => {
    expect(
      edits("# Golive Sign-off Record\n\n## x golive signoff record y\n\nGolive sign-off record in text\n"),
    ).toEqual([
      { start: 2, end: 2, text: "(runbook text) " },
      { start: 31, end: 31, text: "(runbook text) " },
    ]);
    expect(edits("# golive\tsign-off  RECORD\n")).toEqual([{ start: 2, end: 2, text: "(runbook text) " }]);
    expect(edits("# golive sign off record\n# golive sign-off\n")).toEqual([]);
  });
});

describe("recordMarkupEdits: code is left exactly as written", () => {
  it("fenced, indented and inline code", () => {
    expect(edits("```bash\nls <b> https://x\n```\n\n`<i> [a](b)` inline\n\n    <b>\n")).toEqual([]);
  });

  it.each([
    ["# T\n\n```bash\nls\n", [{ start: 16, end: 16, text: "\n```\n" }]],
    ["# T\n\n~~~~\nls\n~~~", [{ start: 16, end: 16, text: "\n~~~~\n" }]],
    ["# T\n\n```\n", [{ start: 9, end: 9, text: "\n```\n" }]],
    ["# T\n\n```\nls\n```bash", [{ start: 19, end: 19, text: "\n```\n" }]],
    ["# T\n\n  ````\nls\n", [{ start: 15, end: 15, text: "\n````\n" }]],
    ["```\nls\n\n# T\n", [{ start: 12, end: 12, text: "\n```\n" }]],
    ["# T\n\n```\nls\n```~~~", [{ start: 18, end: 18, text: "\n```\n" }]],
    ["# T\n\n~~~\nls\n~~~```", [{ start: 18, end: 18, text: "\n~~~\n" }]],
    ["# T\n\n```\nls\n```", []],
    ["# T\n\n```\nls\n  ```", []],
    ["# T\n\n```a``` b\n", []],
    ["# T\n\n    echo ```\n", []],
    ["", []],
    ["# T\n\n```\nls\n````  \n", []],
    ["# T\n\n    indented code\n", []],
    ["```\nls\n```\n\n# T\n", []],
  ])("a fence left open at the end is closed for the record: %j", (src, expected) => {
    expect(edits(src)).toEqual(expected);
  });

  it("open or closed by its lines, not by how its last line looks; CR and CRLF end lines too", () => {
    const open = [
      "# T\n\n```\nls\n    ```", // four blanks before the backticks: code, not a closing fence
      "# T\n\n```\nls\n    ```\n\n",
      "# T\n\n- [ ] x\n\n```\nls\n    ```\n",
      "# T\n\n```\n\n",
      "# T\n\n```\r\nls\r\n",
      "# T\n\n```\r\na\r\nb\r\n",
      "# T\n\n```\ra\rb\r",
    ];
    for (const src of open)
      expect(edits(src), src).toEqual([{ start: src.length, end: src.length, text: "\n```\n" }]);
    // An indented block whose code starts with backticks opens nothing.
    const closed = [
      "# T\n\n    ```\n    ls\n",
      "# T\n\n```\n\n```",
      "# T\n\n```\n```",
      "# T\n\n```\r\nls\r\n```",
      "# T\n\n```\rls\r```",
    ];
    for (const src of closed) expect(edits(src), src).toEqual([]);
  });
});
