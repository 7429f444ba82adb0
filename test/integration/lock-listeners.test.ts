/**
 * Session locks and process "exit" listeners: however many locks a process takes, it adds one
 * listener (released locks none), so Node never warns of a listener leak; and a store that cannot
 * close its file still releases its lock.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { heldLocks, lockHeldSync } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

let warnings: Error[] = [];
const onWarning = (w: Error) => warnings.push(w);
beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(() => {
  process.off("warning", onWarning);
});

const exitListeners = () => process.listenerCount("exit");

describe("session locks and exit listeners", () => {
  it("twelve stores open at once add one exit listener, and closing them removes it", async () => {
    const base = exitListeners();
    const stores: SessionStore[] = [];
    for (let i = 0; i < 12; i++) stores.push((await newSeedSession(tempDir("locks-"))).store);
    expect(heldLocks()).toEqual(expect.arrayContaining(stores.map((s) => s.file)));
    expect(exitListeners()).toBe(base + 1);
    for (const s of stores) await s.close();
    expect(heldLocks().filter((f) => stores.some((s) => s.file === f))).toEqual([]);
    expect(exitListeners()).toBe(base);
    // Warnings are emitted on the next tick.
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("opening and closing one session thirty times leaves no listener and no lock behind", async () => {
    const { store } = await newSeedSession(tempDir("locks-"));
    await store.close();
    const base = exitListeners();
    for (let i = 0; i < 30; i++) {
      const s = await SessionStore.open(store.file, { write: true, command: "test" });
      expect(lockHeldSync(store.file)).toBe(true);
      await s.close();
    }
    expect(exitListeners()).toBe(base);
    expect(heldLocks()).not.toContain(store.file);
    expect(lockHeldSync(store.file)).toBe(false);
  });

  it("a store whose file fails to close still releases its lock", async () => {
    const { store } = await newSeedSession(tempDir("locks-"));
    const adapter = (store as unknown as { adapter: { close(): Promise<void> } }).adapter;
    adapter.close = () => Promise.reject(new Error("EIO: i/o error, close"));
    await expect(store.close()).rejects.toThrow(/EIO/);
    expect(heldLocks()).not.toContain(store.file);
    expect(lockHeldSync(store.file)).toBe(false);
  });
});
