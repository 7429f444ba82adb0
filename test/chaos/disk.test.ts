/**
 * Disk faults under a live session: a read-only or full sessions directory, the file replaced,
 * truncated or edited under golive. Each time: a clear error, nothing overwritten, and rollback
 * still goes through with its record in a fallback file the user is told about.
 */
import {
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDir, lockHeldSync } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { engineOnSandbox } from "../helpers/engine.js";
import { hasTool } from "../helpers/tools.js";
import { recordChaos } from "./record.js";
import { canMount, cliRig, fallbackRecords, tmpfs, weightsOnAws } from "./rig.js";

const STEPS = [10, 50, 100];
const mountable = canMount();

/** Promotes (with an override: the dwell is not what is tested here) until green has `percent`. */
async function promoteTo(rig: Awaited<ReturnType<typeof cliRig>>, percent: number) {
  while (weightsOnAws(rig.sb).green < percent) {
    const r = await rig.cli(["promote", "--override", "chaos rehearsal", "--yes"]);
    if (r.code !== 0) throw new Error(`promote failed: ${r.stderr}`);
  }
}

/** Rollback through the CLI: AWS back to 100 % blue, told where the record went, session file untouched. */
async function rollbackStillWorks(rig: Awaited<ReturnType<typeof cliRig>>, before: Buffer) {
  const r = await rig.cli(["rollback", "--reason", "chaos", "--yes"]);
  const id = basename(rig.file, ".json");
  const records = fallbackRecords(rig.sessions, id).map((x) => x.type);
  return {
    exit: r.code,
    onAws: weightsOnAws(rig.sb),
    told: /record (was written to|goes to a fallback file)/.test(r.stderr),
    recorded: records.includes("traffic.shift.confirmed"),
    untouched: readFileSync(rig.file).equals(before),
    stderr: r.stderr,
  };
}

/** For each canary step: a session on its own tmpfs, at that step, handed to `trial`; counts survivors. */
async function onTmpfsAtEachStep(
  sizeKb: number,
  trial: (rig: Awaited<ReturnType<typeof cliRig>>, fs: ReturnType<typeof tmpfs>) => Promise<void>,
): Promise<number> {
  let survived = 0;
  for (const step of STEPS) {
    const fs = tmpfs(sizeKb);
    const rig = await cliRig(fs.dir);
    try {
      await promoteTo(rig, step);
      await trial(rig, fs);
      survived++;
    } finally {
      await rig.stop();
      fs.unmount();
    }
  }
  return survived;
}

const ROLLED_BACK = {
  exit: 0,
  onAws: { blue: 100, green: 0 },
  told: true,
  recorded: true,
  untouched: true,
};

const mounts = hasTool(
  mountable ? "mount" : undefined,
  "tmpfs mounting (root)",
  "the full-disk and read-only-disk trials",
);
describe.skipIf(!mounts)("disk faults (tmpfs mounts; needs root)", () => {
  it("sessions directory read-only: clear error, nothing written, rollback still works", async () => {
    const survived = await onTmpfsAtEachStep(4096, async (rig, fs) => {
      fs.readOnly();
      const before = readFileSync(rig.file);
      const tick = await rig.cli(["check", "i1"]);
      expect(tick.code).toBe(3);
      expect(tick.stderr).toMatch(
        /^golive: could not write .*read-only \(EROFS\); nothing was recorded\n {2}→ /,
      );
      const rb = await rollbackStillWorks(rig, before);
      expect(rb, rb.stderr).toMatchObject(ROLLED_BACK);
      fs.readWrite();
      const s = await SessionStore.open(rig.file, { write: false });
      expect(s.events.length).toBeGreaterThan(2);
    });
    recordChaos({
      area: "disk",
      fault: "sessions directory read-only",
      trials: STEPS.length,
      survived,
      lost: 0,
      checked:
        "tick refused with EROFS line; rollback from 10/50/100 % confirmed on AWS, record in tmpdir fallback, user told; file byte-identical",
    });
  });

  it("disk full: clear error, no half-written file, rollback still works, and writing resumes once there is space", async () => {
    const survived = await onTmpfsAtEachStep(2048, async (rig, fs) => {
      fs.fill();
      const before = readFileSync(rig.file);
      const note = await rig.cli(["note", "disk is full now"]);
      expect(note.code).toBe(3);
      expect(note.stderr).toMatch(/could not write .*the disk is full \(ENOSPC\); nothing was recorded/);
      const rb = await rollbackStillWorks(rig, before);
      expect(rb, rb.stderr).toMatchObject(ROLLED_BACK);
      // Creating the lock on the full disk failed half-way: no empty lock file may be left behind.
      expect(lockHeldSync(rig.file)).toBe(false);
      expect(
        readdirSync(lockDir(rig.file)).filter((n) => statSync(join(lockDir(rig.file), n)).size === 0),
      ).toEqual([]);
      fs.unfill();
      const again = await rig.cli(["note", "space again"]);
      expect(again.code, again.stderr).toBe(0);
      const s = await SessionStore.open(rig.file, { write: false });
      expect(s.events.at(-1)?.type).toBe("note.added");
      expect(s.events.some((e) => e.type === "note.added" && e.data.text === "disk is full now")).toBe(false);
    });
    recordChaos({
      area: "disk",
      fault: "disk full (tmpfs)",
      trials: STEPS.length,
      survived,
      lost: 0,
      checked:
        "ENOSPC line, no temp file, file byte-identical; rollback confirmed + fallback; appends resume after space is freed, chain valid",
    });
  });
});

describe("session file changed under golive", () => {
  it("replaced or truncated under a running engine: appends refuse to overwrite, rollback goes through to the fallback", async () => {
    let survived = 0;
    const cases = ["replaced", "truncated", "deleted"] as const;
    for (const how of cases) {
      const rig = await engineOnSandbox();
      try {
        await rig.engine.promote({ by: "Ann", override: "chaos" });
        const other = `${JSON.stringify({ format: "golive.session/1", id: "someone-elses", events: [] })}\n`;
        if (how === "replaced") writeFileSync(`${rig.store.file}.new`, other);
        if (how === "replaced") renameSync(`${rig.store.file}.new`, rig.store.file);
        if (how === "truncated") truncateSync(rig.store.file, 200);
        if (how === "deleted") unlinkSync(rig.store.file);
        const snapshot = how === "deleted" ? undefined : readFileSync(rig.store.file);
        await expect(rig.store.append("note.added", { text: "x" }, "Ann")).rejects.toThrow(
          how === "deleted"
            ? /was deleted .* not overwriting it/
            : /was replaced, truncated or edited .* not overwriting it/,
        );
        const r = await rig.engine.rollback({ by: "Ann", reason: "chaos" });
        expect(r.ok).toBe(true);
        expect(weightsOnAws(rig.sb)).toEqual({ blue: 100, green: 0 });
        // The rollback's own record is on disk in the fallback file it names: AWS's confirmation of
        // all-blue, read back from the file rather than from what the engine said it wrote.
        expect(r.fallbackFile).toBe(rig.fallbackFile);
        const written = readFileSync(rig.fallbackFile, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { type: string; data: { kind?: string; weights?: unknown } });
        expect(written.find((e) => e.type === "traffic.shift.confirmed")?.data).toMatchObject({
          kind: "rollback",
          weights: { blue: 100, green: 0 },
        });
        if (snapshot) expect(readFileSync(rig.store.file).equals(snapshot)).toBe(true);
        survived++;
      } finally {
        await rig.stop();
      }
    }
    recordChaos({
      area: "disk",
      fault: "session file replaced / truncated / deleted under the cockpit's engine",
      trials: cases.length,
      survived,
      lost: 0,
      checked: "append refused, other file not overwritten; rollback confirmed on AWS, records to fallback",
    });
  });

  it("truncated or hand-edited on disk: every command refuses with the file named and the .bak pointed to; rollback works from the last good copy", async () => {
    let survived = 0;
    const cases = ["truncated", "hand-edited", "garbage"] as const;
    for (const how of cases) {
      const rig = await cliRig();
      try {
        await promoteTo(rig, 10);
        expect((await rig.cli(["note", "before the damage"])).code).toBe(0);
        const text = readFileSync(rig.file, "utf8");
        if (how === "truncated") writeFileSync(rig.file, text.slice(0, Math.floor(text.length * 0.6)));
        if (how === "hand-edited")
          writeFileSync(rig.file, text.replace("before the damage", "nothing to see"));
        if (how === "garbage") writeFileSync(rig.file, "\u0000\u0001 not json at all");
        const damaged = readFileSync(rig.file);
        for (const args of [["status"], ["check", "i1"], ["export", "--out", "-"]]) {
          const r = await rig.cli(args);
          expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(3);
          expect(r.stderr).toContain(rig.file);
          expect(r.stderr).toContain(`${rig.file}.bak`);
        }
        const rb = await rollbackStillWorks(rig, damaged);
        expect(rb, rb.stderr).toMatchObject(ROLLED_BACK);
        expect(rb.stderr).toContain("last good copy");
        survived++;
      } finally {
        await rig.stop();
      }
    }
    recordChaos({
      area: "disk",
      fault: "session file truncated / hand-edited / garbage",
      trials: cases.length,
      survived,
      lost: 0,
      checked:
        "status, check, export exit 3 naming file and .bak; damaged file never rewritten; rollback from the .bak confirmed + fallback",
    });
  });
});
