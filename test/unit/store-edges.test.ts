/**
 * SessionStore's small answers that commands and team mode read: who holds a new session's lock (a
 * second golive is told), whether a store is read-only (the cockpit's keys follow it), its clock (a
 * demo's sandbox clock stamps events), and a session adopted from team mode's shared log.
 */
import { appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashEvent } from "../../source/domain/chain.js";
import type { SessionEvent } from "../../source/domain/events.js";
import { NotASessionError } from "../../source/session/document.js";
import { currentHolder } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "../helpers/cli.js";
import { ROOT, SEEDS, tempDir } from "../helpers/paths.js";
import { abandon, newSeedSession, sessionOnClock } from "../helpers/session.js";

describe("SessionStore", () => {
  it("a session just created is held by `golive new`, as a second writer is told", async () => {
    const { store } = await newSeedSession(tempDir());
    await expect(SessionStore.open(store.file, { write: true })).rejects.toThrow(
      new RegExp(`being written by pid ${process.pid} on .* \\(golive new, since `),
    );
    await store.close();
  });

  it("is read-only exactly when opened without the lock, and stamps by its own clock", async () => {
    const { store, clock } = await sessionOnClock(join(SEEDS, "deployment.md"));
    expect(store.readOnly).toBe(false);
    clock.set("2026-11-23T12:34:56.000Z");
    expect(store.now()).toBe(Date.parse("2026-11-23T12:34:56.000Z"));
    const ev = await store.append("note.added", { text: "x" }, "ann");
    expect(ev.at).toBe("2026-11-23T12:34:56.000Z");
    const reader = await SessionStore.open(store.file, {
      write: false,
      clock: fixedClock("2030-01-01T00:00:00Z"),
    });
    expect(reader.readOnly).toBe(true);
    expect(reader.now()).toBe(Date.parse("2030-01-01T00:00:00Z"));
    await reader.close();
    await store.close();
  });

  it("adopts a session begun elsewhere from its first event exactly, as <id>.json, locked for writing", async () => {
    const { store } = await newSeedSession(tempDir());
    const first = store.events[0]!;
    await store.close();
    const dir = join(tempDir(), "here");
    const copy = await SessionStore.adopt(dir, first, fixedClock("2026-11-23T13:00:00.000Z"));
    expect(copy.file).toBe(join(dir, `${store.id}.json`));
    expect(basename(copy.file)).toBe(basename(store.file));
    expect(copy.readOnly).toBe(false);
    expect(copy.events).toEqual([first]);
    // Its lock names team mode, as a reopened copy's does (a second writer is told who holds it).
    expect((await currentHolder(copy.file))?.command).toBe("golive (team)");
    await copy.close();
    expect(JSON.parse(readFileSync(copy.file, "utf8")).events).toEqual([first]);
  });

  it("a writer names its command to a second writer, `golive` when it gave none", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    for (const [command, shown] of [
      [undefined, "golive"],
      ["golive check", "golive check"],
    ] as const) {
      const w = await SessionStore.open(store.file, { write: true, ...(command ? { command } : {}) });
      await expect(SessionStore.open(store.file, { write: true, command: "x" })).rejects.toThrow(
        new RegExp(`\\(${shown}, since `),
      );
      await w.close();
    }
  });

  it("a missing session is said so with where to look; a foreign file stays foreign, a damaged one gets the backup hint", async () => {
    const dir = tempDir();
    const missing = join(dir, "nope.json");
    await expect(SessionStore.open(missing, { write: false })).rejects.toMatchObject({
      message: `${missing}: no such session`,
      hint: "list sessions with `golive list`",
    });
    const foreign = join(dir, "other.json");
    writeFileSync(foreign, JSON.stringify({ name: "not golive" }));
    const e = await SessionStore.open(foreign, { write: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NotASessionError);
    expect((e as NotASessionError).hint ?? "").not.toMatch(/compacted copy/);
    const { store } = await newSeedSession(dir);
    await store.close();
    const doc = JSON.parse(readFileSync(store.file, "utf8"));
    doc.events[0].by = "mallory";
    writeFileSync(store.file, JSON.stringify(doc, null, 1));
    const damaged = (await SessionStore.open(store.file, { write: false }).catch((x: unknown) => x)) as {
      message: string;
      hint: string;
    };
    expect(damaged).not.toBeInstanceOf(NotASessionError);
    expect(damaged.message).toMatch(/fails its hash chain/);
    expect(damaged.hint).toMatch(
      /^the file was edited or damaged outside golive; nothing was changed\. Inspect it with `golive verify`\. The last compacted copy, if any, is /,
    );
    // A refusal without a hint of its own gets the backup hint alone.
    doc.events[0].by = "lead";
    doc.id = "another-id";
    writeFileSync(store.file, JSON.stringify(doc, null, 1));
    const rebound = (await SessionStore.open(store.file, { write: false }).catch((x: unknown) => x)) as {
      message: string;
      hint: string;
    };
    expect(rebound.message).toMatch(/its id "another-id" is not the id recorded in its first event/);
    expect(rebound.hint).toMatch(/^The last compacted copy, if any, is /);
  });

  it("a format-1 session opened for writing records its migration by golive, with this golive's version or `unknown`", async () => {
    for (const [version, recorded] of [
      ["1.2.3", "1.2.3"],
      [undefined, "unknown"],
    ] as const) {
      const dir = tempDir();
      cpSync(join(ROOT, "test/fixtures/formats/v1/open"), dir, { recursive: true });
      const file = join(dir, readdirSync(dir).find((n) => n.endsWith(".json"))!);
      const w = await SessionStore.open(file, { write: true, ...(version ? { golive: version } : {}) });
      const last = w.events.at(-1)!;
      expect(last).toMatchObject({ type: "session.migrated", by: "golive", data: { golive: recorded } });
      await w.close();
    }
  });

  it("a viewer's refresh tells its listeners only when something new was read; a writer's reads nothing", async () => {
    const { store } = await newSeedSession(tempDir());
    const reader = await SessionStore.open(store.file, { write: false });
    let told = 0;
    const stop = reader.onChange(() => told++);
    expect(await reader.refresh()).toBe(false);
    expect(told).toBe(0);
    await store.append("note.added", { text: "one" }, "ann");
    expect(await reader.refresh()).toBe(true);
    expect(told).toBe(1);
    expect(await store.refresh()).toBe(false);
    stop();
    await store.append("note.added", { text: "two" }, "ann");
    expect(await reader.refresh()).toBe(true);
    expect(told).toBe(1);
    expect(reader.events).toHaveLength(3);
    await reader.close();
    await store.close();
  });

  it("a writer's open compacts a crash's torn journal line away at once, before anything is appended", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "kept" }, "a");
    await abandon(store);
    appendFileSync(store.journalFile, '{"seq":3,"at":"2026-');
    const w = await SessionStore.open(store.file, { write: true });
    expect(readFileSync(store.journalFile, "utf8")).toBe("");
    expect(JSON.parse(readFileSync(store.file, "utf8")).events).toHaveLength(2);
    await w.close();
  });

  it("team mode: an event sealed elsewhere is recorded only when it follows this head exactly", async () => {
    const { store } = await newSeedSession(tempDir());
    const next = store.draft("note.added", { text: "shared" }, "bob");
    expect(store.events).toHaveLength(1);
    const refused = `event #2 does not follow #1 of session ${store.id}; nothing was recorded`;
    await expect(store.appendSealed({ ...next, seq: 3 })).rejects.toThrow(refused.replace("#2", "#3"));
    await expect(store.appendSealed({ ...next, prev: next.hash })).rejects.toThrow(refused);
    await expect(store.appendSealed({ ...next, by: "mallory" })).rejects.toThrow(refused);
    // Each rule on its own: an event hashed as it stands, only its number or its link wrong.
    const rehashed = (e: Omit<SessionEvent, "hash">) =>
      ({ ...e, hash: hashEvent(e as SessionEvent) }) as SessionEvent;
    await expect(store.appendSealed(rehashed({ ...next, seq: 3 }))).rejects.toThrow(
      refused.replace("#2", "#3"),
    );
    await expect(store.appendSealed(rehashed({ ...next, prev: next.hash }))).rejects.toThrow(refused);
    // Only a sign-off names what it signs.
    expect(next.data).toEqual({ text: "shared" });
    expect(store.events).toHaveLength(1);
    let told = 0;
    store.onChange(() => told++);
    expect(await store.appendSealed(next)).toEqual(next);
    expect(store.events).toEqual([expect.anything(), next]);
    expect(store.state.head).toBe(next.hash);
    expect(told).toBe(1);
    const reader = await SessionStore.open(store.file, { write: false });
    await expect(reader.appendSealed(next)).rejects.toThrow(/is open read-only/);
    await expect(reader.append("note.added", { text: "x" }, "r")).rejects.toMatchObject({
      hint: "only the golive holding the lock writes",
    });
    await expect(reader.replaceTail(1, [])).rejects.toThrow(`session ${store.file} is open read-only`);
    await reader.close();
    await store.close();
  });

  it("team mode: the tail after #keep is replaced on disk first, then in memory, listeners told", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.append("note.added", { text: "mine" }, "ann");
    const theirs = store.draft("note.added", { text: "theirs" }, "bob");
    await store.append("note.added", { text: "later" }, "ann");
    let told = 0;
    store.onChange(() => told++);
    await store.replaceTail(2, [theirs]);
    expect(told).toBe(1);
    expect(store.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(store.events[2]).toEqual(theirs);
    expect(store.state.head).toBe(theirs.hash);
    expect(JSON.parse(readFileSync(store.file, "utf8")).events.at(-1)).toEqual(theirs);
    await store.close();
    const again = await SessionStore.open(store.file, { write: false });
    expect(again.events.at(-1)).toEqual(theirs);
    await again.close();
  });

  it("runs what was to run before close first; an append asked for once closing began is refused", async () => {
    const { store } = await newSeedSession(tempDir());
    const order: string[] = [];
    store.beforeClose(async () => {
      order.push("first");
      await store.append("note.added", { text: "last word" }, "team");
    });
    store.beforeClose(async () => {
      order.push("second");
      throw new Error("S3 down");
    });
    await store.close();
    expect(order).toEqual(["first", "second"]);
    expect(JSON.parse(readFileSync(store.file, "utf8")).events.at(-1).data.text).toBe("last word");
    await expect(store.append("note.added", { text: "x" }, "a")).rejects.toThrow(
      `session ${store.file} is closing: note.added was not recorded`,
    );
  });
});
