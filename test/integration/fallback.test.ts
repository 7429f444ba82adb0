/** Fallback records: private, fsynced, never in a world-writable temp dir, merged back once on the next open. */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Disk, nodeDisk } from "../../source/session/disk.js";
import { fallbackFiles, writeFallback } from "../../source/session/fallback.js";
import { SessionStore } from "../../source/session/store.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

describe("fallback records", () => {
  it("are fsynced (file, then directory when created), 0600, beside the session", async () => {
    const dir = tempDir();
    const log: string[] = [];
    const disk: Disk = {
      ...nodeDisk,
      syncFile: async (fh, p) => {
        await nodeDisk.syncFile(fh, p);
        log.push(`fsync ${p}`);
      },
      syncDir: async (d) => {
        await nodeDisk.syncDir(d);
        log.push(`fsync dir ${d}`);
      },
    };
    const files = [join(dir, "s.fallback.jsonl"), join(dir, "state", "s.fallback.jsonl")];
    const rec = {
      session: "s",
      type: "note.added",
      data: { text: "x" },
      by: "a",
      at: "2026-11-23T12:00:00.000Z",
    };
    expect(await writeFallback(files, rec, disk)).toBe(files[0]);
    await writeFallback(files, rec, disk);
    expect(log).toEqual([`fsync ${files[0]}`, `fsync dir ${dir}`, `fsync ${files[0]}`]);
    expect(statSync(files[0]!).mode & 0o777).toBe(0o600);
  });

  it("go to the user's state directory when the session's directory cannot take them, never to a temp dir", async () => {
    const dir = tempDir();
    const blocked = join(dir, "file-not-dir");
    writeFileSync(blocked, "");
    const state = join(dir, "xdg-state");
    const files = fallbackFiles(join(blocked, "s.json"), "s", { XDG_STATE_HOME: state });
    expect(files[1]).toBe(join(state, "golive", "s.fallback.jsonl"));
    expect(fallbackFiles("/x/s.json", "s", { HOME: "/home/u" })[1]).toBe(
      "/home/u/.local/state/golive/s.fallback.jsonl",
    );
    for (const f of fallbackFiles("/x/s.json", "s", { HOME: "/home/u" }))
      expect(f.startsWith(tmpdir())).toBe(false);
    const rec = { session: "s", type: "note.added", data: {}, by: "a", at: "x" };
    expect(await writeFallback(files, rec)).toBe(files[1]);
    expect(statSync(files[1]!).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, "golive")).mode & 0o777).toBe(0o700);
  });

  it("are merged back into the session on the next open (recorded as merged), exactly once", async () => {
    const dir = tempDir();
    const state = join(dir, "state");
    mkdirSync(state);
    const env = { XDG_STATE_HOME: state };
    const { store } = await newSeedSession(join(dir, "sessions"));
    await store.close();
    const [beside, private_] = fallbackFiles(store.file, store.id, env);
    const to = { blue: 100, green: 0 };
    const at = "2026-11-23T12:30:00.000Z";
    await writeFallback([beside!], {
      session: store.id,
      type: "traffic.shift.requested",
      data: { kind: "rollback", to },
      by: "lead",
      at,
    });
    await writeFallback([private_!], {
      session: store.id,
      type: "traffic.shift.confirmed",
      data: { kind: "rollback", weights: to, tookMs: 800, attempts: 1 },
      by: "lead",
      at,
    });
    const lines = [readFileSync(beside!, "utf8"), readFileSync(private_!, "utf8")];
    const s = await SessionStore.open(store.file, { write: true, env });
    const merged = s.events.filter((e) => e.merged);
    expect(merged.map((e) => e.type)).toEqual(["traffic.shift.requested", "traffic.shift.confirmed"]);
    expect(merged[0]!.merged).toMatchObject({ from: `${beside}:1`, at });
    expect(s.state.rollback?.completedAt).toBeDefined();
    expect(existsSync(beside!) || existsSync(private_!)).toBe(false);
    await s.close();
    // A crash after merging but before the files were removed: the same lines again.
    writeFileSync(beside!, lines[0]!);
    writeFileSync(private_!, lines[1]!);
    const again = await SessionStore.open(store.file, { write: true, env });
    expect(again.events.filter((e) => e.merged)).toHaveLength(2);
    await again.close();
  });
});
