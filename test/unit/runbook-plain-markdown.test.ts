/**
 * Runs of plain lines are built without micromark (runbook/markdown-plain.ts). The tree, and the
 * runbook read from it, must be byte for byte what micromark gives: on the shipped runbooks, the
 * fixtures, a 1,000-item runbook, the hostile corpus, and generated documents whose lines are
 * plain or one character away from it (250). `npm run chaos` runs the long trials: 600 generated
 * documents and the 10,000-item runbook (test/chaos/runbook-plain-markdown.test.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMarkdown } from "../../source/runbook/markdown.js";
import { plainBlocks } from "../../source/runbook/markdown-plain.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { HOSTILE_RUNBOOKS } from "../chaos/hostile-inputs.js";
import { ROOT } from "../helpers/paths.js";
import { plainPathOnGenerated, plainPathOnLarge, same, whole } from "../helpers/plain-markdown.js";

describe("the plain path gives micromark's tree", () => {
  it("for generated documents, on its own and in runs of any length", () => {
    // The generator must reach the plain path often, or the property proves nothing about it: about
    // one document in eight is plain throughout (70 of 600 with the pinned seed).
    expect(plainPathOnGenerated(250)).toBeGreaterThan(12);
  });

  it("builds a 1,000-item runbook alone, the same tree and runbook as micromark", () => {
    plainPathOnLarge(1_000);
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
      // micromark's tree once per file: `same` only reads it, and parseRunbook asks for the tree of
      // the whole text once, last here, so even a builder that changed its tree could not reach the
      // comparisons above.
      const tree = whole(text);
      same(parseMarkdown(text, 64, 0), tree);
      same(parseMarkdown(text), tree);
      same(
        parseRunbook(file, text, "0", (t) => parseMarkdown(t, 64, 0)),
        parseRunbook(file, text, "0", (t) => (t === text ? tree : whole(t))),
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
      const own = refusal();
      expect(own, h.name).toMatch(/^\w*Error: hostile\.md:\d+:1: /);
      expect(own, h.name).toBe(refusal(whole));
      const head = text.slice(0, 2_000);
      same(parseMarkdown(head, 256, 0), whole(head));
    }
  });

  it("takes one to six #s as a heading and leaves seven or more to micromark (a paragraph)", () => {
    // The generator never writes plain text after seven #s, so only this pins the limit.
    for (let n = 1; n <= 8; n++) {
      const hashes = "#".repeat(n);
      const text = `- [ ] before\n${hashes} Title\n- [ ] after\n`;
      same(parseMarkdown(text, 64, 0), whole(text));
      const blocks = plainBlocks(text, 0, text.length, 1);
      expect(blocks === undefined, hashes).toBe(n > 6);
    }
  });
});
