/**
 * SessionStore's small answers that commands and team mode read: who holds a new session's lock (a
 * second golive is told), whether a store is read-only (the cockpit's keys follow it), its clock (a
 * demo's sandbox clock stamps events), and a session adopted from team mode's shared log.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock } from "../helpers/cli.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { newSeedSession, sessionOnClock } from "../helpers/session.js";

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
    await copy.close();
    expect(JSON.parse(readFileSync(copy.file, "utf8")).events).toEqual([first]);
  });
});
