/**
 * session/kept-open.ts at its edges (sessions as kept-open.test.ts builds them): an append that never
 * reads the document's events, the events once read kept as one array, a failed append after they
 * were read, and a document deleted between the open and the read, with every descriptor closed.
 */
import { readdirSync, unlinkSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { allEvents, failingSyncs, keptSession, N, openLazily } from "../helpers/kept-session.js";
import { abandon } from "../helpers/session.js";

afterEach(() => {
  setVerifiedBuild(undefined);
  vi.restoreAllMocks();
});

const openFds = () => readdirSync("/proc/self/fd").length;

describe("a writer opened from the kept state", () => {
  it("appends after the document's events without reading them, with or without a journal", async () => {
    for (const journalled of [0, 2]) {
      const file = await keptSession(journalled);
      const { store } = await openLazily(file);
      const parse = vi.spyOn(JSON, "parse");
      await store.append("note.added", { text: "late" }, "cy");
      // The document (tens of KB) is never parsed; only small texts (the kept state's pieces, if any).
      expect(parse.mock.calls.filter(([t]) => typeof t === "string" && t.length > 8000)).toEqual([]);
      parse.mockRestore();
      await store.close();
      expect((await allEvents(file)).length).toBe(N + journalled + 1);
    }
  });

  it("reads the document's events once, into the one array every later read gets", async () => {
    const file = await keptSession(1);
    const { store } = await openLazily(file);
    const events = store.events;
    expect(events).toHaveLength(N + 1);
    expect(store.events).toBe(events);
    const e = await store.append("note.added", { text: "late" }, "cy");
    expect(store.events).toBe(events);
    expect(events.at(-1)).toBe(e);
    await store.close();
  });

  it("takes back a failed append from the events already read, and goes on after them", async () => {
    const file = await keptSession(1);
    const { disk, heal } = failingSyncs();
    const { store } = await openLazily(file, { disk, closeCompactBytes: 0 });
    expect(store.events).toHaveLength(N + 1);
    await expect(store.append("note.added", { text: "lost" }, "cy")).rejects.toThrow(/I\/O error/);
    expect(store.events).toHaveLength(N + 1);
    heal();
    const e = await store.append("note.added", { text: "kept" }, "cy");
    expect(e.seq).toBe(N + 2);
    expect(store.events.map((x) => x.seq).slice(-2)).toEqual([N + 1, N + 2]);
    await store.close();
  });

  it("a document deleted after the open is said so when its events are read; no descriptor is left open", async () => {
    const file = await keptSession();
    const { store } = await openLazily(file);
    const before = openFds();
    expect(store.events).toHaveLength(N);
    expect(openFds()).toBe(before);
    await store.close();
    const again = await openLazily(file);
    unlinkSync(file);
    const fds = openFds();
    expect(() => again.store.events).toThrow(/was deleted/);
    expect(openFds()).toBe(fds);
    await abandon(again.store);
  });
});
