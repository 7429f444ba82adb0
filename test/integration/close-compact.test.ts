/**
 * What a writer leaves on disk when it closes a session. A small document is rewritten with its
 * journal folded in; a large one keeps its short journal (a one-event `golive note` on a 100,000-event
 * session rewrote 60 MB before), unless readers lack its kept state. Either way every acknowledged
 * event is read back, and a writer leaves the "already checked" marker even when the listing parsed
 * the document first.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { journalFor } from "../../source/session/journal-path.js";
import { readSummary } from "../../source/session/state-cache.js";
import { listSessions, SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild, textDigest } from "../../source/session/verified.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

afterEach(() => setVerifiedBuild(undefined));

const cacheOf = (file: string, kind: string) => join(dirname(file), ".cache", `${kind}-${basename(file)}`);
const journalLines = (file: string) =>
  existsSync(journalFor(file))
    ? readFileSync(journalFor(file), "utf8").split("\n").filter(Boolean).length
    : 0;

/** A closed session, then a writer that appends `n` notes and closes with this threshold. */
async function writeAndClose(n: number, closeCompactBytes: number, build?: string) {
  setVerifiedBuild(build);
  const { store } = await newSeedSession(tempDir("close-compact-"));
  await store.close();
  const before = statSync(store.file);
  const w = await SessionStore.open(store.file, { write: true, journal: { closeCompactBytes } });
  for (let i = 0; i < n; i++) await w.append("note.added", { text: `note ${i}` }, "ann");
  const events = w.events.slice();
  await w.close();
  return { file: store.file, before, events };
}

describe("closing a writer", () => {
  it("rewrites a small document with its journal folded in", async () => {
    const { file, before, events } = await writeAndClose(3, Number.POSITIVE_INFINITY);
    expect(journalLines(file)).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(before.size);
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.events.map((e: { hash: string }) => e.hash)).toEqual(events.map((e) => e.hash));
  });

  it("leaves a large document as it was and its events in the journal, every one read back", async () => {
    const { file, before, events } = await writeAndClose(3, 0);
    const after = statSync(file);
    expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
    expect(journalLines(file)).toBe(3);
    const r = await SessionStore.open(file, { write: false });
    expect(r.events.map((e) => e.hash)).toEqual(events.map((e) => e.hash));
    expect(checkChain(r.events)).toBeUndefined();
    await r.close();
    // The next writer appends after them, and its close keeps the journal growing in order.
    const w = await SessionStore.open(file, { write: true, journal: { closeCompactBytes: 0 } });
    await w.append("item.checked", { item: "i1" }, "bob");
    await w.close();
    expect(journalLines(file)).toBe(4);
    const again = await SessionStore.open(file, { write: false });
    expect(again.events.length).toBe(events.length + 1);
    expect(again.state.items.i1?.by).toBe("bob");
    await again.close();
  });

  it("rewrites a large document when readers lack its kept state, then keeps the journal", async () => {
    const { file, events } = await writeAndClose(2, 0, "test-build");
    // No kept state for this build yet: the close rewrote it and left the state for readers.
    expect(journalLines(file)).toBe(0);
    expect(existsSync(cacheOf(file, "state"))).toBe(true);
    const w = await SessionStore.open(file, { write: true, journal: { closeCompactBytes: 0 } });
    await w.append("note.added", { text: "after" }, "cy");
    await w.close();
    expect(journalLines(file)).toBe(1);
    // Readers fold the journal on top of the kept state.
    const s = await readSummary(file);
    expect(s?.count).toBe(events.length + 1);
    expect(s?.state.notes.at(-1)?.text).toBe("after");
  });

  it("leaves the 'already checked' marker when the listing parsed the document first", async () => {
    setVerifiedBuild("test-build");
    const dir = tempDir("close-marker-");
    const { store } = await newSeedSession(dir);
    await store.close();
    // Another build's marker and state: this one checks the document again, through the listing.
    setVerifiedBuild("another-build");
    expect((await listSessions(dir)).length).toBe(1);
    const w = await SessionStore.open(store.file, { write: true });
    const marker = readFileSync(cacheOf(store.file, "verified"), "utf8");
    expect(marker).toBe(`${textDigest(readFileSync(store.file, "utf8"))} another-build\n`);
    await w.close();
  });
});
