/**
 * session/document.ts in a fresh module graph, as a command starts: zod's schemas are not loaded
 * (document.ts leaves them out of start-up). A document the hand-written check does not accept must
 * load them and get the schema's verdict in its words, never the "schemas not loaded" bug; a caller
 * that skips checkDocument's load is told so instead of failing on an undefined. Other test files
 * load schema.js into the shared module graph, which hides both: hence vi.resetModules().
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

type DocumentModule = typeof import("../../source/session/document.js");
let fresh: DocumentModule;

beforeEach(async () => {
  vi.resetModules();
  fresh = await import("../../source/session/document.js");
});

describe("the session schemas, loaded late", () => {
  it("a document the quick check refuses is judged by the schema in its words", async () => {
    await expect(fresh.checkDocument("other.json", { tool: "something else" })).rejects.toThrow(
      fresh.NotASessionError,
    );
    await expect(
      fresh.checkDocument("s.json", { format: "golive.session/2", id: "a b", events: [] }),
    ).rejects.toThrow(/^s\.json: is a damaged golive session \(id: /);
  });

  it("parsing without loading them is named as the bug it is", () => {
    expect(() => fresh.parseDocument("s.json", { format: "nope" })).toThrow(
      "bug: the session schemas are not loaded (await loadSchemas() first)",
    );
  });
});
