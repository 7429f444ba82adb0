/**
 * The JSON export from the document's bytes and the kept state (commands/export-json-fast.ts) is
 * the export every event serialised again would give, byte for byte, journal included; and it is
 * used only on the bytes golive checked: an edited document, a torn journal or no kept state gets
 * the full open (which words any damage) instead.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Ctx } from "../../source/commands/context.js";
import { EXPORTED_AT_NOTE, jsonRecord, jsonRecordText } from "../../source/commands/export.js";
import { jsonRecordPieces } from "../../source/commands/export-json-fast.js";
import { EXPORT_FORMAT } from "../../source/session/document.js";
import { journalFor } from "../../source/session/journal-path.js";
import { readSummary } from "../../source/session/state-cache.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

afterEach(() => setVerifiedBuild(undefined));

const header = {
  format: EXPORT_FORMAT,
  exportedAt: "2026-11-23T13:00:00.000Z",
  exportedAtNote: EXPORTED_AT_NOTE,
};

/** A closed session whose last `journaled` events stay in its journal (a large document's close). */
async function session(journaled: number) {
  // Readers keep state only for a named build (the CLI's); the tests name one.
  setVerifiedBuild("test-build");
  const dir = tempDir("export-json-fast-");
  const { store } = await newSeedSession(dir);
  await store.append("item.checked", { item: "i1", note: 'a "quoted"\nline' }, "ann");
  await store.append("note.added", { text: "ünïcödé ✓ \u2028 \\ end" }, "ann");
  await store.close();
  const w = await SessionStore.open(store.file, { write: true, journal: { closeCompactBytes: 0 } });
  for (let i = 0; i < journaled; i++) await w.append("note.added", { text: `later ${i}\n"x"` }, "bob");
  await w.close();
  return { dir, file: store.file };
}

const exportJson = async (dir: string) => {
  const r = await golive(["export", "--format", "json", "--out", "-"], {
    sessions: dir,
    clock: fixedClock("2026-11-23T13:00:00.000Z"),
  });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

describe("the JSON export from the kept state", () => {
  for (const journaled of [0, 3])
    it(`is byte for byte the export of every event serialised again (${journaled} events in the journal)`, async () => {
      const { dir, file } = await session(journaled);
      const s = await readSummary(file);
      expect(s?.journal.events.length).toBe(journaled);
      const pieces = jsonRecordPieces(file, s!, header);
      expect(pieces, "the fast path is taken").toBeDefined();
      const fast = Buffer.concat(pieces!.map((p) => (typeof p === "string" ? Buffer.from(p) : p))).toString();
      // What the export writes when it opens the session and serialises every event.
      const store = await SessionStore.open(file, { write: false });
      const slow = jsonRecordText(
        jsonRecord({ clock: fixedClock(header.exportedAt) } as unknown as Ctx, store),
      );
      await store.close();
      expect(fast).toBe(slow);
      expect(await exportJson(dir)).toBe(fast);
      const record = JSON.parse(fast);
      expect(record.eventCount).toBe(3 + journaled);
      expect(record.session.events.map((e: { seq: number }) => e.seq)).toEqual(
        Array.from({ length: 3 + journaled }, (_, i) => i + 1),
      );
      const out = join(tempDir(), "record.json");
      writeFileSync(out, fast);
      const v = await golive(["verify", out]);
      expect(v.code, v.stderr).toBe(0);
    });

  it("is not used on a document edited after its kept state was written, nor with a torn journal", async () => {
    const { file } = await session(2);
    const s = (await readSummary(file))!;
    expect(jsonRecordPieces(file, s, header)).toBeDefined();
    // The same length, one byte changed in an event's text.
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"ünïcödé', '"ÜNïcödé'));
    expect(jsonRecordPieces(file, s, header)).toBeUndefined();
    writeFileSync(file, text);
    appendFileSync(journalFor(file), '{"seq": 7, "at"');
    const torn = await readSummary(file);
    if (torn) expect(jsonRecordPieces(file, torn, header)).toBeUndefined();
  });
});
