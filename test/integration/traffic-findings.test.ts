/**
 * Issue 18's traffic findings that span a process or a session's life: a promote killed after its
 * ModifyListener (or whose confirmation could not be recorded) is reconciled with AWS on reopen or
 * by the next polls (and auto-rollback then works), stale reads are never drift, drift alerts are
 * episodes, and `ecs scale-blue --count 0` is judged on the weights now, not on the first go-live. AWS's state is read from the sandbox's own world and state API.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { EventMap, EventType } from "../../source/domain/events.js";
import type { Recorder } from "../../source/engine/controller.js";
import { Engine } from "../../source/engine/engine.js";
import { SessionStore } from "../../source/session/store.js";
import { golive } from "../helpers/cli.js";
import { type EngineRig, engineOnFlakyDisk, engineOnSandbox, minutes } from "../helpers/engine.js";
import { hold } from "../helpers/hold.js";
import { BIN } from "../helpers/paths.js";
import { forward, modifies, observed, of, onAws } from "../helpers/traffic.js";

const outside = (rig: EngineRig, blue: number, green: number) =>
  rig.sb.world.setListenerActions([forward(rig, blue, green)]);

describe("a promote killed after its ModifyListener", () => {
  it("kill -9 while AWS applied it: on reopen the pending promote is reconciled with AWS, auto-rollback then works, and promote is not stuck", async () => {
    // The sandbox's clock starts at this machine's: the killed golive runs on the real clock.
    const rig = await engineOnSandbox({
      sandbox: { start: Date.now() },
      config: (c) => ({ ...c, autoRollback: { enabled: true, consecutiveBreaches: 2 } }),
    });
    const { sb } = rig;
    let re: Awaited<ReturnType<EngineRig["reopen"]>> | undefined;
    try {
      await rig.store.close();
      const wire = hold(sb, "ModifyListener", "response");
      const child = spawn(process.execPath, [BIN, "promote", "--yes", "--override", "kill drill"], {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, GOLIVE_SESSIONS: rig.dir, GOLIVE_USER: "Ann" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      // AWS applied the write; its answer never reaches golive.
      const first = await Promise.race([wire.reached.then(() => "applied"), exited.then(() => "exited")]);
      expect(first, stderr).toBe("applied");
      child.kill("SIGKILL");
      await exited;
      wire.release();
      expect(onAws(rig)).toEqual({ blue: 90, green: 10 });
      const dead = await SessionStore.open(rig.store.file, { write: false });
      expect(dead.state.shift).toMatchObject({ kind: "promote", to: { blue: 90, green: 10 } });
      expect(dead.state.weights).toEqual({ blue: 100, green: 0 });

      // Reopened past the settle window: two agreeing reads reconcile it with what AWS shows.
      sb.clock.set(Date.now() + 11_000);
      re = await rig.reopen();
      await re.engine.monitor.pollListener();
      await re.engine.monitor.pollListener();
      const s = re.store;
      expect(s.state.shift).toBeUndefined();
      expect(s.state.weights).toEqual({ blue: 90, green: 10 });
      expect(
        s.events
          .filter((e) => e.type === "traffic.observed")
          .map((e) => (e.data as { observation: string }).observation),
      ).toEqual(["reconciled-completed"]);

      // Green at 30 % errors: the monitor judges it (the session knows green takes traffic) and rolls back.
      sb.applyFault({ type: "error-rate", target: "green", value: 0.3 });
      for (let i = 0; i < 6 && onAws(rig).green > 0; i++) {
        minutes(sb, 1);
        await re.engine.monitor.pollMetrics();
      }
      expect(onAws(rig)).toEqual({ blue: 100, green: 0 });
      expect(s.state.rollback).toMatchObject({ by: "golive (auto-rollback)" });
      expect(s.state.rollback?.completedAt).toBeDefined();
      sb.world.clearFaults();
      // Not stuck: the next promote (recorded with its override) goes out and is confirmed.
      const again = await re.engine.promote({ by: "Ann", override: "after the drill" });
      expect(again.ok, again.error).toBe(true);
      expect(onAws(rig)).toEqual({ blue: 90, green: 10 });
    } finally {
      re?.aws.destroy();
      await re?.store.close();
      await rig.stop();
    }
  });
});

describe("a promote whose confirmation could not be recorded", () => {
  it("is reconciled with AWS by the next polls: the session follows AWS, and the next promote is not refused", async () => {
    const rig = await engineOnSandbox();
    let refuse = 1;
    const flaky: Recorder = {
      get state() {
        return rig.store.state;
      },
      append: <T extends EventType>(type: T, data: EventMap[T], by: string) =>
        type === "traffic.shift.confirmed" && refuse-- > 0
          ? Promise.reject(new Error("EIO: i/o error, write"))
          : rig.store.append(type, data, by),
    };
    const engine = new Engine({ ...rig.engine.d, recorder: flaky });
    try {
      const r = await engine.promote({ by: "Ann", override: "drill" });
      expect(r.ok).toBe(true);
      expect(r.error).toMatch(/AWS confirmed it, but the session could not record it: EIO/);
      expect(onAws(rig)).toEqual({ blue: 90, green: 10 });
      expect(rig.store.state.shift).toMatchObject({ kind: "promote" });
      rig.sb.clock.advance(11_000);
      await engine.monitor.pollListener();
      await engine.monitor.pollListener();
      expect(rig.store.state.shift).toBeUndefined();
      expect(rig.store.state.weights).toEqual({ blue: 90, green: 10 });
      expect(observed(rig)).toEqual(["reconciled-completed"]);
      const next = await engine.promote({ by: "Ann", override: "drill" });
      expect(next.ok, next.error).toBe(true);
      expect(onAws(rig)).toEqual({ blue: 50, green: 50 });
    } finally {
      await rig.stop();
    }
  });
});

describe("AWS is the source of truth: only fresh reads count", () => {
  it("stale DescribeListeners reads after a rollback are not drift: the session stays at 100/0 and the next step is 10 %", async () => {
    const rig = await engineOnSandbox();
    try {
      expect((await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" })).ok).toBe(true);
      expect((await rig.engine.controller.promote({ greenPercent: 50, by: "Ann" })).ok).toBe(true);
      expect((await rig.engine.rollback({ by: "Ann", reason: "drill" })).ok).toBe(true);
      const before = of(rig, "drift.detected").length;
      // DescribeListeners keeps answering from before the rollback (blue 50 / green 50) for a while.
      rig.sb.world.faults.addApi("DescribeListeners", "stale-read", 3);
      for (let i = 0; i < 3; i++) {
        rig.sb.clock.advance(2000);
        await rig.engine.monitor.pollListener();
      }
      expect(of(rig, "drift.detected")).toHaveLength(before);
      expect(rig.store.state.weights).toEqual({ blue: 100, green: 0 });
      rig.sb.clock.advance(11_000);
      await rig.engine.monitor.pollListener();
      await rig.engine.monitor.pollListener();
      expect(of(rig, "drift.detected")).toHaveLength(before);
      const { plan } = await rig.engine.planPromote();
      expect(plan?.to).toEqual({ blue: 90, green: 10 });
    } finally {
      await rig.stop();
    }
  });
});

describe("drift alerts are alert episodes", () => {
  it("one alert while the listener stays changed outside golive (each further change one more sighting), a new one after golive takes it back; one the disk refused is kept and recorded later", async () => {
    const rig = await engineOnSandbox();
    const { engine, disk } = engineOnFlakyDisk(rig, (type) => type.startsWith("alert."));
    const drifted = async (blue: number, green: number) => {
      outside(rig, blue, green);
      rig.sb.clock.advance(11_000);
      await engine.monitor.pollListener();
      await engine.monitor.pollListener();
      expect(rig.store.state.weights).toEqual({ blue, green });
    };
    const listenerAlerts = () => rig.store.state.alerts.filter((a) => /outside golive/.test(a.message));
    try {
      await engine.monitor.pollListener();
      await drifted(50, 50);
      await drifted(70, 30);
      expect(listenerAlerts()).toHaveLength(1);
      expect(listenerAlerts()[0]).toMatchObject({ severity: "critical", count: 2 });
      expect(listenerAlerts()[0]!.message).toMatch(/blue 50 \/ green 50 → blue 70 \/ green 30/);
      // golive takes the listener back: the episode ends; the next change outside is a new alert.
      expect((await engine.rollback({ by: "Ann", reason: "drill" })).ok).toBe(true);
      disk.full = true;
      await drifted(80, 20);
      expect(listenerAlerts()).toHaveLength(1);
      expect(engine.monitor.snapshot.pendingAlerts).toEqual([
        expect.objectContaining({ severity: "critical", error: expect.stringMatching(/ENOSPC/) }),
      ]);
      disk.full = false;
      await engine.monitor.pollListener();
      expect(engine.monitor.snapshot.pendingAlerts).toEqual([]);
      expect(listenerAlerts()).toHaveLength(2);
      expect(listenerAlerts()[1]!.id).not.toBe(listenerAlerts()[0]!.id);
      expect(listenerAlerts()[1]!.message).toMatch(/blue 100 \/ green 0 → blue 80 \/ green 20/);
    } finally {
      await rig.stop();
    }
  });
});

describe("ecs scale-blue --count 0 is judged on the weights now", () => {
  it("after green went to 100 % for the stable hour and was then rolled back, scaling blue to 0 is refused and AWS keeps blue's tasks", async () => {
    const rig = await engineOnSandbox();
    try {
      for (const step of [10, 50, 100])
        expect((await rig.engine.controller.promote({ greenPercent: step, by: "Ann" })).ok).toBe(true);
      minutes(rig.sb, 61);
      expect((await rig.engine.rollback({ by: "Ann", reason: "late errors" })).ok).toBe(true);
      await rig.store.close();
      const blue = () => rig.sb.state().ecs.services.find((x) => x.name === rig.config.ecs.blueService)!;
      const desired = blue().desired;
      expect(desired).toBeGreaterThan(0);
      const r = await golive(["ecs", "scale-blue", "--count", "0", "--yes"], {
        sessions: rig.dir,
        clock: { now: () => rig.sb.clock.now() },
      });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stderr).toMatch(
        /^golive: scaling blue to 0 refused: blue still takes traffic: AWS shows blue 100 \/ green 0 now;.*green has not been confirmed at 100 %/,
      );
      expect(blue().desired).toBe(desired);
      expect(rig.sb.world.log.filter((e) => e.operation === "UpdateService")).toEqual([]);
      expect(modifies(rig)).toHaveLength(4);
      expect(observed(rig)).toEqual([]);
    } finally {
      await rig.stop();
    }
  });
});

describe("I1 against golive's own view: a plan is bound to the weights the session had confirmed", () => {
  it("golive took other weights from AWS (two agreeing fresh reads) after the plan was made: nothing is sent, the change is recorded, the new situation planned", async () => {
    const rig = await engineOnSandbox();
    try {
      expect((await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" })).ok).toBe(true);
      const { plan } = await rig.engine.planPromote();
      expect(plan?.to).toEqual({ blue: 50, green: 50 });
      // Someone moves the listener with the aws CLI while the dialog is open; the monitor takes it.
      outside(rig, 40, 60);
      rig.sb.clock.advance(11_000);
      await rig.engine.monitor.pollListener();
      await rig.engine.monitor.pollListener();
      expect(rig.store.state.weights).toEqual({ blue: 40, green: 60 });
      const sent = modifies(rig).length;
      const r = await rig.engine.executePlan(plan!, { by: "Ann", override: "drill" });
      expect(r.ok).toBe(false);
      expect(r.changed?.weights).toEqual({ blue: 40, green: 60 });
      expect(r.replan?.plan?.to).toEqual({ blue: 0, green: 100 });
      expect(modifies(rig)).toHaveLength(sent);
      expect(onAws(rig)).toEqual({ blue: 40, green: 60 });
      expect(observed(rig).at(-1)).toBe("changed-since-dialog");
    } finally {
      await rig.stop();
    }
  });
});
