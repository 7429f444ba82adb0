/**
 * SessionStore.refresh() on the writer: the writer's memory is the record, so it never re-reads.
 * (Only read-only viewers are refreshed today: the cockpit follows the files for those alone.) A
 * re-read while an append waits for its fsync would take the written but unacknowledged line as
 * recorded and tell the listeners so.
 */
import { describe, expect, it } from "vitest";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

/** nodeDisk whose journal fsyncs wait while `held` is set; `parked` resolves when one waits. */
function heldSyncs() {
  let release: () => void = () => {};
  let reached: () => void = () => {};
  let held = false;
  const parked = new Promise<void>((r) => {
    reached = r;
  });
  const disk: Disk = {
    ...nodeDisk,
    async syncFile(fh, path) {
      if (held && path.endsWith(".journal")) {
        reached();
        await new Promise<void>((r) => {
          release = r;
        });
      }
      return nodeDisk.syncFile(fh, path);
    },
  };
  return {
    disk,
    parked,
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      release();
    },
  };
}

describe("a writer's refresh", () => {
  it("does not re-read while an append waits for its fsync: nothing unacknowledged is taken as recorded", async () => {
    const { store: created } = await newSeedSession(tempDir());
    const n = created.events.length;
    await created.close();
    const syncs = heldSyncs();
    const writer = await SessionStore.open(created.file, { write: true, journal: { disk: syncs.disk } });
    let told = 0;
    writer.onChange(() => told++);
    syncs.hold();
    const appending = writer.append("note.added", { text: "one" }, "lead");
    await syncs.parked;
    expect(await writer.refresh()).toBe(false);
    expect(told).toBe(0);
    syncs.release();
    await appending;
    await writer.append("note.added", { text: "two" }, "lead");
    expect(writer.events.length).toBe(n + 2);
    await writer.close();
    const reader = await SessionStore.open(created.file, { write: false });
    expect(reader.events.slice(n).map((e) => e.data)).toEqual([{ text: "one" }, { text: "two" }]);
    await reader.close();
  });
});
