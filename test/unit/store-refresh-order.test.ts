/**
 * A read-only viewer (`golive watch`) re-reads the session whenever the document or the journal
 * changes on disk. What it shows must only move forward, whatever the writer does meanwhile:
 * - a re-read that read the old document just before the writer's compaction, and the journal just
 *   after it emptied it, holds a whole session, only an older one: it is read again (a watcher in
 *   tmux drew "[x] i24 — bob", then lost the tick: cockpit-tmux, the writer's `check` compacting on
 *   close);
 * - re-reads run one at a time, in the order asked, so an older one cannot finish last.
 * Reads are held through the session layer's disk seam; the files and the writer are real.
 */
import type { FileHandle } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

/** nodeDisk, counting opens; the next journal open it is told to hold waits for its release. */
function holdingDisk() {
  let holdNext: Promise<void> | undefined;
  const seen = { opens: 0, held: 0 };
  const disk: Disk = {
    ...nodeDisk,
    async open(path, flags, mode) {
      seen.opens++;
      const gate = path.endsWith(".journal") ? holdNext : undefined;
      if (gate) {
        holdNext = undefined;
        seen.held++;
        await gate;
      }
      return nodeDisk.open(path, flags, mode) as Promise<FileHandle>;
    },
  };
  return {
    disk,
    seen,
    /** Holds the next journal open until the returned function is called. */
    holdNextJournalOpen(): () => void {
      let release!: () => void;
      holdNext = new Promise<void>((r) => {
        release = r;
      });
      return release;
    },
  };
}

const waitUntil = async (ok: () => boolean) => {
  while (!ok()) await new Promise((r) => setImmediate(r));
};

async function writerAndViewer() {
  const { store: writer } = await newSeedSession(tempDir());
  // The journal exists (a first append), so the viewer's re-reads open it.
  await writer.append("item.checked", { item: "i25" }, "ann");
  const gated = holdingDisk();
  const viewer = await SessionStore.open(writer.file, { write: false, journal: { disk: gated.disk } });
  return { writer, viewer, gated };
}

describe("a read-only viewer's re-reads", () => {
  it("a re-read caught by the writer's compaction (old document, emptied journal) reads again: no event goes missing", async () => {
    const { writer, viewer, gated } = await writerAndViewer();
    try {
      expect(viewer.events).toHaveLength(2);
      const release = gated.holdNextJournalOpen();
      // The re-read has read the document (created only; i25 is in the journal) and waits to open
      // the journal while the writer appends i24 and closes, folding the journal into the document.
      const read = viewer.refresh();
      await waitUntil(() => gated.seen.held === 1);
      await writer.append("item.checked", { item: "i24" }, "bob");
      await writer.close();
      release();
      await read;
      expect(viewer.events.map((e) => e.type)).toEqual(["session.created", "item.checked", "item.checked"]);
      expect(viewer.state.items.i24).toMatchObject({ checked: true, by: "bob" });
      expect(viewer.state.items.i25).toMatchObject({ checked: true, by: "ann" });
    } finally {
      await viewer.close();
      await writer.close();
    }
  });

  it("re-reads run one at a time, in the order asked", async () => {
    const { writer, viewer, gated } = await writerAndViewer();
    try {
      const release = gated.holdNextJournalOpen();
      const first = viewer.refresh();
      await waitUntil(() => gated.seen.held === 1);
      await writer.append("item.checked", { item: "i24" }, "bob");
      const opens = gated.seen.opens;
      const second = viewer.refresh();
      // The second re-read has not begun (it opens nothing) while the first is held.
      for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
      expect(gated.seen.opens).toBe(opens);
      release();
      await Promise.all([first, second]);
      expect(gated.seen.opens).toBeGreaterThan(opens);
      expect(viewer.state.items.i24).toMatchObject({ checked: true, by: "bob" });
      expect(viewer.state.head).toBe(writer.state.head);
    } finally {
      await viewer.close();
      await writer.close();
    }
  });

  it("a failed re-read does not stop the ones after it", async () => {
    const { store: writer } = await newSeedSession(tempDir());
    await writer.append("item.checked", { item: "i25" }, "ann");
    let fail = false;
    const disk: Disk = {
      ...nodeDisk,
      open: (path, flags, mode) =>
        fail && path.endsWith(".journal")
          ? Promise.reject(Object.assign(new Error("EIO: i/o error"), { code: "EIO" }))
          : nodeDisk.open(path, flags, mode),
    };
    const viewer = await SessionStore.open(writer.file, { write: false, journal: { disk } });
    try {
      await writer.append("item.checked", { item: "i24" }, "bob");
      fail = true;
      await expect(viewer.refresh()).rejects.toThrow(/EIO/);
      fail = false;
      await expect(viewer.refresh()).resolves.toBe(true);
      expect(viewer.state.items.i24).toMatchObject({ checked: true, by: "bob" });
    } finally {
      await viewer.close();
      await writer.close();
    }
  });
});
