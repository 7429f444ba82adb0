/**
 * runbook/markdown.ts's promise on cost, which its tree tests cannot see (every path gives the whole
 * parse's tree): a large runbook of plain lines never reaches micromark, a large one with code is
 * handed to micromark one run of sections at a time (never whole, which took twice the CPU and memory
 * on the 10,000-item runbook), and a small one is parsed whole in one call. micromark's calls are
 * counted through a mock that passes each call on to the real parser.
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

const calls = { n: 0 };
// Test files share one module graph per worker (vitest.config.ts, isolate: false): markdown.ts may
// already be loaded with the real parser, so the graph is reset and the counting parser put in first.
vi.resetModules();
vi.doMock("mdast-util-from-markdown", async (real) => {
  const m = await real<typeof import("mdast-util-from-markdown")>();
  return {
    ...m,
    fromMarkdown: (...args: Parameters<typeof m.fromMarkdown>) => {
      calls.n++;
      return m.fromMarkdown(...args);
    },
  };
});
const { parseMarkdown } = await import("../../source/runbook/markdown.js");
const { runStarts } = await import("../../source/runbook/markdown-runs.js");
afterAll(() => {
  vi.doUnmock("mdast-util-from-markdown");
  vi.resetModules();
});

const sections = (n: number, body: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => `# Section ${i}\n\n${body(i)}\n`).join("\n");
/** Plain lines only: headings and one-line checklist items. */
const plain = (n: number) => sections(n, (i) => `- [ ] step ${i}\n- [ ] check ${i}`);
/** A fence in every section: no run is plain. */
const fenced = (n: number) => sections(n, (i) => `- [ ] step ${i}\n\n\`\`\`sh\necho ${i}\n\`\`\``);

/** How many times micromark parses while the document is read. */
function micromarkCalls(text: string): number {
  calls.n = 0;
  parseMarkdown(text);
  return calls.n;
}

describe("what micromark is given", () => {
  beforeEach(() => {
    calls.n = 0;
  });

  it("a large runbook of plain lines: never", () => {
    const text = plain(400);
    expect(text.length).toBeGreaterThan(16 * 1024);
    expect(micromarkCalls(text)).toBe(0);
  });

  it("a large runbook with code: one call per run of sections, every cut taken", () => {
    const text = fenced(330);
    expect(text.length).toBeGreaterThan(16 * 1024);
    const runs = runStarts(text, 1024).length + 1;
    expect(runs).toBeGreaterThan(10);
    expect(micromarkCalls(text)).toBe(runs);
  });

  it("from 16 KB on, in runs; below it, whole in one call (a link definition anywhere: whole)", () => {
    let text = fenced(200);
    text = `${text}${"x".repeat(16 * 1024 - text.length - 1)}\n`;
    expect(text.length).toBe(16 * 1024);
    expect(micromarkCalls(text)).toBe(runStarts(text, 1024).length + 1);
    expect(micromarkCalls(text.slice(1))).toBe(1);
    expect(micromarkCalls(fenced(40))).toBe(1);
    expect(micromarkCalls(`${plain(400)}\n[x]: http://a.example\n`)).toBe(1);
  });
});
