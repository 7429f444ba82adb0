/**
 * Time going wrong: T-0 already past, this machine's clock jumping backwards and forwards while AWS's
 * does not, and T-0 typed in a zone across a daylight-saving change.
 */
import { describe, expect, it } from "vitest";
import { checkChain } from "../../source/domain/chain.js";
import { parseT0 } from "../../source/domain/t0.js";
import { golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { recordChaos } from "./record.js";

const HOUR = 3_600_000;

describe("clock", () => {
  it("T-0 in the past: the session starts, the timeline says what is overdue, T+ counts up", async () => {
    const sessions = tempDir();
    const now = Date.parse("2026-11-23T20:00:00Z");
    const clock = { now: () => now };
    const made = await golive(["new", "--runbook", "checklists/deployment.md", "--t0", "now-26h"], {
      sessions,
      clock,
    });
    expect(made.code, made.stderr).toBe(0);
    const st = await golive(["status", "--json"], { sessions, clock });
    const j = JSON.parse(st.stdout);
    expect(j.tClock).toBe("T+26:00:00");
    const statuses = j.phases.map((p: { status: string }) => p.status);
    expect(statuses).toContain("overdue");
    expect(statuses).not.toContain("upcoming");
    recordChaos({
      area: "clock",
      fault: "T-0 in the past (26 h ago)",
      trials: 1,
      survived: 1,
      lost: 0,
      checked: "session starts; T+26:00:00; phases overdue, none upcoming",
    });
  });

  it("this machine's clock jumps backwards and forwards mid-canary: never an early promotion, no duplicate or partial checkpoint, the chain and export hold", async () => {
    const rig = await engineOnSandbox();
    const { engine, store, sb } = rig;
    let trials = 0;
    let survived = 0;
    const check = (ok: boolean) => {
      trials++;
      if (ok) survived++;
      expect(ok).toBe(true);
    };
    try {
      await engine.monitor.pollMetrics();
      expect((await engine.promote({ by: "Ann", override: "go" })).ok).toBe(true);
      // Backwards an hour, two minutes into the 10-minute dwell: the gate stays shut.
      minutes(sb, 2);
      rig.jumpClock(-HOUR);
      // What the gate reads, fresh (the listener too: a stale read is no evidence since the I6 gate).
      await engine.refreshForGate();
      check(!engine.gate().allowed && engine.gate().dwellLeftMs > 0);
      await store.append("note.added", { text: "written while the clock was an hour behind" }, "Ann");
      // Back to true time, dwell over: open.
      rig.jumpClock(HOUR);
      minutes(sb, 9);
      await engine.refreshForGate();
      check(engine.gate().allowed);
      expect((await engine.promote({ by: "Ann" })).ok).toBe(true);
      minutes(sb, 11);
      await engine.monitor.pollMetrics();
      expect((await engine.promote({ by: "Ann" })).ok).toBe(true);
      const live = Date.parse(store.state.liveAt!);
      // Five minutes ahead of AWS when T+15 falls due: the checkpoint waits for CloudWatch's last minute.
      sb.clock.set(live + 15 * 60_000 - 30_000);
      rig.jumpClock(5 * 60_000);
      await engine.monitor.pollMetrics();
      check(store.state.checkpoints[15] === undefined);
      rig.jumpClock(-5 * 60_000);
      minutes(sb, 2);
      await engine.monitor.pollMetrics();
      check(store.state.checkpoints[15]?.status === "OK");
      // Backwards again: nothing is recorded twice.
      rig.jumpClock(-30 * 60_000);
      await engine.monitor.pollMetrics();
      rig.jumpClock(30 * 60_000);
      minutes(sb, 50);
      await engine.monitor.pollMetrics();
      const recorded = store.events
        .filter((e) => e.type === "checkpoint.recorded")
        .map((e) => e.data.offsetMinutes);
      check(JSON.stringify(recorded) === JSON.stringify([15, 30, 45, 60]));
      check(checkChain(store.events) === undefined);
      const times = store.events.map((e) => Date.parse(e.at));
      check(times.some((t, i) => i > 0 && t < times[i - 1]!));
    } finally {
      await rig.stop();
    }
    recordChaos({
      area: "clock",
      fault: "machine clock jumps -1 h, +1 h, +5 min, -30 min during canary and checkpoints",
      trials,
      survived,
      lost: 0,
      checked:
        "gate shut after the backward jump; T+15 waits while ahead of AWS; checkpoints 15/30/45/60 once each; chain valid with out-of-order times",
    });
  });

  it("T-0 across daylight-saving changes: a time that does not exist or happens twice is refused, neighbours resolve exactly", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    const cases: [string, string | RegExp][] = [
      ["2026-03-08 02:30 America/New_York", /does not exist/],
      [
        "2026-11-01 01:30 America/New_York",
        /happens twice.*2026-11-01T05:30:00.000Z or 2026-11-01T06:30:00.000Z/,
      ],
      ["2026-03-29 02:30 Europe/Paris", /does not exist/],
      ["2026-10-25 02:30 Europe/Paris", /happens twice/],
      ["2026-03-08 01:59 America/New_York", "2026-03-08T06:59:00.000Z"],
      ["2026-03-08 03:00 America/New_York", "2026-03-08T07:00:00.000Z"],
      ["2026-11-01 00:59 America/New_York", "2026-11-01T04:59:00.000Z"],
      ["2026-11-01 02:00 America/New_York", "2026-11-01T07:00:00.000Z"],
      ["2026-10-04 02:15 Australia/Lord_Howe", /does not exist/],
      ["2026-04-05 01:45 Australia/Lord_Howe", /happens twice/],
      ["2026-06-01 18:00 Europe/Paris", "2026-06-01T16:00:00.000Z"],
    ];
    let survived = 0;
    for (const [input, want] of cases) {
      if (typeof want === "string") expect(new Date(parseT0(input, now)).toISOString(), input).toBe(want);
      else expect(() => parseT0(input, now), input).toThrow(want);
      survived++;
    }
    recordChaos({
      area: "clock",
      fault: "T-0 in a DST gap / overlap (New York, Paris, Lord Howe's 30-min shift)",
      trials: cases.length,
      survived,
      lost: 0,
      checked: "gap and overlap refused with both candidate instants; the minutes either side exact",
    });
  });
});
