/**
 * A session document read a piece at a time (session/read-doc.ts) is exactly what JSON.parse of
 * its whole text gives, or nothing (the caller then reads it whole and reports what is wrong with
 * file:line): never a different document, never one with a duplicate key let through.
 */
import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SessionDocument } from "../../source/session/document.js";
import { documentText } from "../../source/session/journal.js";
import { findDuplicateKey } from "../../source/session/json-keys.js";
import { digestOfFile, readPieces } from "../../source/session/read-doc.js";
import { textDigest } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";

const dir = tempDir("golive-read-doc-");
let n = 0;

async function pieces(text: string, scanKeys = true): Promise<unknown> {
  const file = join(dir, `d${n++}.json`);
  writeFileSync(file, text);
  const fh = await open(file, "r");
  try {
    return await readPieces(fh, scanKeys);
  } finally {
    await fh.close();
  }
}

function doc(events: unknown[], id = "s-1"): SessionDocument {
  return { format: "golive.session/2", id, events: events as SessionDocument["events"] };
}

const event = (seq: number, data: unknown) => ({ seq, at: "2026-11-23T11:00:00.000Z", by: "ann", data });

describe("readPieces", () => {
  it("gives JSON.parse's document for golive's layout, across read chunks and multi-byte text", async () => {
    const events = Array.from({ length: 6000 }, (_, i) =>
      event(i + 1, { text: `${"é—✓ ".repeat(i % 50)}${i}`, nested: { list: [{ a: i }, { b: [1, 2] }] } }),
    );
    const text = documentText(doc(events));
    expect(text.length).toBeGreaterThan(2 << 20); // more than one read buffer
    expect(await pieces(text)).toEqual(JSON.parse(text));
    // One event larger than the buffer.
    const big = documentText(doc([event(1, { text: "x".repeat(3 << 20) }), event(2, {})]));
    expect(await pieces(big)).toEqual(JSON.parse(big));
    expect(await pieces(documentText(doc([event(1, {})])))).toEqual(doc([event(1, {})]));
  });

  it("answers nothing for another layout, a syntax error or a duplicate key", async () => {
    const d = doc([event(1, { a: 1 }), event(2, { b: 2 })]);
    expect(await pieces(JSON.stringify(d, null, 2))).toBeUndefined();
    expect(await pieces(JSON.stringify(d))).toBeUndefined();
    const text = documentText(d);
    expect(await pieces(text.replace('"b": 2', '"b": 2,\n    "b": 3'))).toBeUndefined();
    expect(await pieces(text.replace('"id": "s-1"', '"id": "s-1",\n "id": "s-2"'))).toBeUndefined();
    expect(await pieces(text.replace('"a": 1', '"a": 1,'))).toBeUndefined();
    expect(await pieces(text.replace(/\n \]\n\}\n$/, "\n ]\n}\n{}"))).toBeUndefined();
    expect(await pieces(text.replace(/ \]\n\}\n$/, " ]\n"))).toBeUndefined();
    expect(await pieces(text.replace(/ \]\n\}\n$/, " 5\n}\n"))).toBeUndefined();
    expect(await pieces(text.replace('"format"', '"extra": 1,\n "format"'))).toBeUndefined();
    // A duplicate is let through only when asked not to look (the text was checked before).
    expect(await pieces(text.replace('"b": 2', '"b": 2,\n    "b": 3'), false)).toEqual(
      doc([event(1, { a: 1 }), event(2, { b: 3 })]),
    );
  });

  it("never gives anything but JSON.parse's document, whatever is cut, inserted or duplicated", async () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.dictionary(fc.stringMatching(/^[a-z]{1,3}$/), fc.oneof(leaf, fc.array(leaf)), {
      maxKeys: 4,
    });
    const edit = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 12 }),
      insert: fc.constantFrom("", "\n  },\n  {", "\n  }", ",", '"a": 1,', "\n ]\n}", "{", "é"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 6 }), edit, async (datas, e) => {
        const clean = documentText(doc(datas.map((d, i) => event(i + 1, d))));
        const at = e.at % clean.length;
        const text = clean.slice(0, at) + e.insert + clean.slice(at + e.cut);
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expected = undefined;
        }
        const got = await pieces(text);
        if (got !== undefined) {
          expect(got).toEqual(expected);
          expect(findDuplicateKey(text)).toBeUndefined();
        }
        // A clean document of golive's own is always read piece by piece.
        if (e.insert === "" && e.cut === 0) expect(got).toEqual(JSON.parse(clean));
      }),
      { numRuns: 300 },
    );
  });

  it("digests the file's bytes as the text's digest", async () => {
    const text = documentText(doc([event(1, { t: "é".repeat(700_000) })]));
    const file = join(dir, "digest.json");
    writeFileSync(file, text);
    const fh = await open(file, "r");
    try {
      expect(await digestOfFile(fh, (await fh.stat()).size)).toBe(textDigest(text));
    } finally {
      await fh.close();
    }
  });
});
