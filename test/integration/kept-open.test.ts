/**
 * A writer that appends a few events (`note`, `check`, `record`, `uncheck`) opens from the kept state
 * (session/kept-open.ts) instead of parsing every event: on a 100,000-event session that parse was
 * most of its second. It must still never lose an acknowledged event, never append on top of a
 * document or journal it has not proved to be the one the kept state describes, and give whatever
 * reads its events later exactly the events on disk.
 */
import { appendFileSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { reduce } from "../../source/domain/events.js";
import { journalFor } from "../../source/session/journal-path.js";
import { SessionStore } from "../../source/session/store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { golive } from "../helpers/cli.js";
import {
  allEvents,
  cacheOf,
  failingSyncs,
  journalLines,
  keptSession,
  N,
  openLazily,
} from "../helpers/kept-session.js";
import { abandon } from "../helpers/session.js";

afterEach(() => {
  setVerifiedBuild(undefined);
  vi.restoreAllMocks();
});

describe("a one-event writer on a session with a kept state", () => {
  it("opens without parsing the document's events, appends after the head, and loses nothing", async () => {
    const file = await keptSession(2);
    const before = await allEvents(file);
    const { store, parsed } = await openLazily(file);
    expect(parsed).toBeLessThan(20);
    expect(store.state.lastSeq).toBe(N + 2);
    expect(JSON.parse(JSON.stringify(store.state))).toEqual(JSON.parse(JSON.stringify(reduce(before))));
    const e = await store.append("note.added", { text: "late" }, "cy");
    expect([e.seq, e.prev]).toEqual([N + 3, before.at(-1)!.hash]);
    await store.close();
    expect(journalLines(file)).toHaveLength(3);
    const after = await allEvents(file);
    expect(after.map((x) => x.hash)).toEqual([...before.map((x) => x.hash), e.hash]);
    expect(checkChain(after)).toBeUndefined();
  });

  it("gives exactly the events on disk to whatever reads them later, appended ones included", async () => {
    const file = await keptSession(1);
    const { store } = await openLazily(file);
    const e = await store.append("note.added", { text: "late" }, "cy");
    expect(store.events.map((x) => x.hash)).toEqual([...(await allEvents(file)).map((x) => x.hash)]);
    expect(store.events.at(-1)).toBe(e);
    const f = await store.append("note.added", { text: "later" }, "cy");
    expect(store.events.at(-1)).toBe(f);
    await store.close();
    expect((await allEvents(file)).length).toBe(N + 3);
  });

  it("compacts every `compactEvery` events with the document's events read then, and every event kept", async () => {
    const file = await keptSession(1);
    const { store } = await openLazily(file, { compactEvery: 3, closeCompactBytes: 0 });
    for (let i = 0; i < 2; i++) await store.append("note.added", { text: `c${i}` }, "cy");
    // The third journal line reached compactEvery: the document was rewritten with all of them.
    expect(readFileSync(journalFor(file), "utf8")).toBe("");
    const doc = JSON.parse(readFileSync(file, "utf8"));
    expect(doc.events).toHaveLength(N + 3);
    expect(checkChain(doc.events)).toBeUndefined();
    await store.append("note.added", { text: "after" }, "cy");
    await store.close();
    const all = await allEvents(file);
    expect(all.map((x) => x.seq)).toEqual(Array.from({ length: N + 4 }, (_, i) => i + 1));
  });

  it("keeps memory as it is on disk when an append fails", async () => {
    const file = await keptSession();
    const { disk, heal } = failingSyncs();
    const { store } = await openLazily(file, { disk, closeCompactBytes: 0 });
    await expect(store.append("note.added", { text: "lost" }, "cy")).rejects.toThrow(/I\/O error/);
    expect(store.state.lastSeq).toBe(N);
    heal();
    const e = await store.append("note.added", { text: "kept" }, "cy");
    expect(e.seq).toBe(N + 1);
    expect(store.events.map((x) => x.seq).slice(-2)).toEqual([N, N + 1]);
    expect(store.events.some((x) => x.type === "note.added" && x.data.text === "lost")).toBe(false);
    await store.close();
  });
});

describe("the kept state is used only when it provably is the file", () => {
  it("a document edited since (the chain broken) is refused before anything is appended", async () => {
    const file = await keptSession();
    writeFileSync(file, readFileSync(file, "utf8").replace('"n7"', '"n8"'));
    await expect(SessionStore.open(file, { write: true, lazyEvents: true })).rejects.toThrow(/hash chain/);
  });

  it("with an edited kept state or one of another build, every event is parsed", async () => {
    const file = await keptSession();
    const state = readFileSync(cacheOf(file, "state"), "utf8");
    writeFileSync(cacheOf(file, "state"), state.replace('"n7"', '"n8"'));
    let r = await openLazily(file);
    expect(r.parsed).toBeGreaterThan(N);
    await r.store.close();
    writeFileSync(cacheOf(file, "state"), state);
    setVerifiedBuild("another-build");
    r = await openLazily(file);
    expect(r.parsed).toBeGreaterThan(N);
    await r.store.close();
  });

  it("a journal whose tail was torn by a crash is compacted away by the full open, never appended after", async () => {
    const file = await keptSession(1);
    appendFileSync(journalFor(file), '{"seq":');
    const { store, parsed } = await openLazily(file);
    expect(parsed).toBeGreaterThan(N);
    const e = await store.append("note.added", { text: "after the tear" }, "cy");
    await store.close();
    const all = await allEvents(file);
    expect(all.at(-1)!.hash).toBe(e.hash);
    expect(checkChain(all)).toBeUndefined();
  });

  it("a document rewritten in place after the open (same size and time) is never read as the kept one", async () => {
    const file = await keptSession();
    const { store } = await openLazily(file);
    const st = statSync(file);
    writeFileSync(file, readFileSync(file, "utf8").replace('"n7"', '"n8"'));
    utimesSync(file, st.atime, st.mtime);
    expect(() => store.events).toThrow(/was replaced, truncated or edited/);
    await abandon(store);
  });
});

describe("golive note and check", () => {
  it("append after a kept session's head without parsing its events, and read back in a full verify", async () => {
    const file = await keptSession(1);
    const env = { sessions: dirname(file), cwd: dirname(file) };
    const parse = vi.spyOn(JSON, "parse");
    const n = await golive(["note", "from the CLI"], env);
    const c = await golive(["check", "i3"], env);
    expect([n.code, c.code], n.stderr + c.stderr).toEqual([0, 0]);
    expect(parse.mock.calls.length).toBeLessThan(40);
    parse.mockRestore();
    const v = await golive(["verify", file], env);
    expect(v.stdout).toContain(`${N + 3} events, chain intact`);
    const all = await allEvents(file);
    expect(all.slice(-2).map((e) => e.type)).toEqual(["note.added", "item.checked"]);
  });
});
