/**
 * fsync as the kernel sees it: the production disk layer (session/disk.ts nodeDisk), not a stand-in,
 * with every FileHandle.sync counted and ordered by the inode it syncs. journal.test.ts orders the
 * calls through the Disk seam; this proves the seam's production side really reaches fsync(2) —
 * file data first, then the directory that names it.
 */
import { fstatSync, statSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

/** Every fsync this process makes, as what it synced: a directory, or a file (by inode). */
async function countSyncs() {
  const probe = await open(process.execPath, "r");
  const proto = Object.getPrototypeOf(probe) as { sync(this: FileHandle): Promise<void> };
  await probe.close();
  const original = proto.sync;
  const synced: { dir: boolean; ino: number }[] = [];
  vi.spyOn(proto, "sync").mockImplementation(async function (this: FileHandle) {
    const st = fstatSync(this.fd);
    synced.push({ dir: st.isDirectory(), ino: st.ino });
    return original.call(this);
  });
  return synced;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("fsync through the production disk", () => {
  it("an append fsyncs the journal's data, then (new journal) its directory; compaction fsyncs each file before the directory", async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    const file = store.file;
    const dir = { dir: true, ino: statSync(dirname(file)).ino };
    const s = await SessionStore.open(file, { write: true, journal: { compactEvery: 64 } });
    const synced = await countSyncs();

    await s.append("note.added", { text: "one" }, "a");
    const journal = { dir: false, ino: statSync(`${file}.journal`).ino };
    // The journal is new: its line reaches the disk, then the directory entry that names it.
    expect(synced).toEqual([journal, dir]);

    synced.length = 0;
    await s.append("note.added", { text: "two" }, "a");
    expect(synced).toEqual([journal]);

    // Closing compacts: the document (a fresh temp file, renamed over it) and .bak the same way,
    // each fsynced before the directory that now names it; then the emptied journal.
    synced.length = 0;
    await s.close();
    const doc = { dir: false, ino: statSync(file).ino };
    const bak = { dir: false, ino: statSync(`${file}.bak`).ino };
    expect(synced).toEqual([doc, dir, bak, dir, journal]);
  });
});
