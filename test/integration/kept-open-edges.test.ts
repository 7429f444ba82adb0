/**
 * session/kept-open.ts at its edges (sessions as kept-open.test.ts builds them): an append that never
 * reads the document's events, the events once read kept as one array, a failed append after they
 * were read, and a document deleted between the open and the read, with every descriptor closed.
 */
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nodeDisk } from "../../source/session/disk.js";
import { TeamSession } from "../../source/session/s3-store.js";
import { setVerifiedBuild } from "../../source/session/verified.js";
import { allEvents, failingSyncs, keptSession, N, openLazily } from "../helpers/kept-session.js";
import { abandon } from "../helpers/session.js";
import { memoryLog, P, sealedNote } from "../helpers/team-log.js";

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

  it("a document that became unreadable after the open is said so as it is, not as deleted", async () => {
    const file = await keptSession();
    const { store } = await openLazily(file);
    renameSync(file, `${file}.moved`);
    mkdirSync(file);
    const fds = openFds();
    expect(() => store.events).toThrow(/^could not read .*: it is a directory \(EISDIR\)$/);
    expect(openFds()).toBe(fds);
    rmdirSync(file);
    renameSync(`${file}.moved`, file);
    await abandon(store);
  });

  it("team mode's rebase replaces the tail of a store opened from the kept state", async () => {
    const file = await keptSession();
    const { store } = await openLazily(file);
    const m = memoryLog();
    const id = store.id;
    for (const e of await allEvents(file)) m.put(id, e);
    const theirs = sealedNote(m.logged(id).at(-1)!, "theirs");
    m.put(id, theirs);
    await store.append("note.added", { text: "mine" }, "ann");
    const team = TeamSession.attach(store, m.log, P);
    await team.exchange();
    expect(store.events.slice(N).map((e) => [e.seq, (e.data as { text: string }).text])).toEqual([
      [N + 1, "theirs"],
      [N + 2, "mine"],
    ]);
    expect(m.logged(id)).toEqual(store.events);
    await store.close();
    expect(await allEvents(file)).toEqual(m.logged(id));
  });
});

describe("a document changed between the kept state's read and the document's open", () => {
  /** `edit` run on the document just before openKept opens it (after the kept state was read). */
  function beforeOpen(file: string, edit: () => void) {
    const open = nodeDisk.open.bind(nodeDisk);
    let done = false;
    vi.spyOn(nodeDisk, "open").mockImplementation(async (p, flags, mode) => {
      // openKept's own open, not the kept state's read it makes first (readSummary).
      if (
        p === file &&
        !done &&
        /\n\s+at (Object\.)?open .*\n\s+at openKept /.test(new Error().stack ?? "")
      ) {
        done = true;
        edit();
      }
      return open(p, flags, mode);
    });
    return () => done;
  }
  it("rewritten with the same bytes (another modification time): every event is parsed", async () => {
    const file = await keptSession(1);
    const edited = beforeOpen(file, () => writeFileSync(file, readFileSync(file)));
    const { store, parsed } = await openLazily(file);
    expect(edited()).toBe(true);
    expect(parsed).toBeGreaterThan(N);
    await store.close();
  });

  it("the document's handle is closed after the kept open reads its header", async () => {
    const file = await keptSession();
    const before = openFds();
    const { store } = await openLazily(file);
    await store.close();
    expect(openFds()).toBe(before);
  });
});
