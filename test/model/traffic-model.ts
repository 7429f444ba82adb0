/**
 * The model-based test of the traffic engine (issues 12 and 18): random sequences of promote,
 * dialog open/confirm/cancel, rollback, outside weight changes, stale reads, AWS faults, hung calls,
 * kills (inside a call, and between two steps followed by a reopen), and promote/rollback
 * interleavings at every await point (a sandbox call held before it is applied or after it is
 * applied but unanswered, or a held disk append), terminal resizes with cockpit keys, and Ctrl-C /
 * SIGHUP / SIGTERM during a rollback (test/model/cockpit.ts), against the real sandbox and the real
 * SDK client on a fake clock. After every step the invariants are checked against the
 * SANDBOX's listener, never golive's adapter.
 */
import type { EnvConfig } from "../../source/domain/config.js";
import type { Weights } from "../../source/domain/events.js";
import type { FencePort, FenceToken, TrafficPort } from "../../source/domain/ports.js";
import type { Runbook } from "../../source/domain/runbook.js";
import type { Plan, ShiftResult } from "../../source/engine/controller.js";
import { Engine } from "../../source/engine/engine.js";
import { AlbHealth, AlbTraffic } from "../../source/integrations/aws/alb.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import type { ListenerAction } from "../../source/sandbox/world.js";
import { overallState } from "../../source/ui/app/view.js";
import { type CockpitCtx, holdCall, pressKey, signalDuringRollback } from "./cockpit.js";
import { inProcessElbv2 } from "./inprocess.js";
import type { Op } from "./ops.js";
import { SessionLog } from "./recorder.js";

class Violation extends Error {}
let context: () => string = () => "";
function check(ok: boolean, what: string): void {
  if (!ok) throw new Violation(`${what}\n${context()}`);
}

/** Blue's and green's shares as the SANDBOX holds them (the truth), in golive's 0.1 % rounding. */
function onAws(sb: Sandbox, config: EnvConfig): { w: Weights; rawGreen: number; rawBlue: number } {
  const fwd = sb.world.alb.listener.actions.find((a) => a.Type === "forward");
  const tgs = fwd?.ForwardConfig?.TargetGroups ?? [];
  const raw = (arn: string) => {
    const t = tgs.find((x) => x.TargetGroupArn === arn);
    return t ? (t.Weight ?? 1) : 0;
  };
  const b = raw(config.alb!.blueTargetGroupArn);
  const g = raw(config.alb!.greenTargetGroupArn);
  const total = b + g;
  const pct = (x: number) =>
    total === 0
      ? 0
      : x === 0
        ? 0
        : x === total
          ? 100
          : Math.min(99.9, Math.max(0.1, Math.round((1000 * x) / total) / 10));
  const green = pct(g);
  return {
    w: { blue: g === 0 ? (b > 0 ? 100 : 0) : b === 0 ? 0 : Math.round((100 - green) * 10) / 10, green },
    rawGreen: g,
    rawBlue: b,
  };
}

const same = (a: Weights | null | undefined, b: Weights | null | undefined) =>
  !!a && !!b && a.blue === b.blue && a.green === b.green;

export interface ModelWorld {
  sb: Sandbox;
  config: EnvConfig;
  runbook: Runbook;
  initial: ListenerAction[];
}

/** Runs one sequence; throws (with the step) on the first invariant that does not hold. */
export async function runSequence(m: ModelWorld, ops: Op[]): Promise<void> {
  const { sb, config } = m;
  sb.hooks = {};
  sb.world.clearFaults();
  sb.world.setListenerActions(structuredClone(m.initial));
  sb.world.clearFaults();
  const firstSeq = sb.world.log.at(-1)?.seq ?? 0;
  const client = inProcessElbv2(sb);
  // The fence two "processes" share, in memory so a sequence replays exactly (the file itself is
  // held to the same contract by the cross-process tests).
  let token: FenceToken = { token: 0, kind: "none", writer: "", at: 0, rollbacks: 0 };
  const fence: FencePort = {
    read: async () => token,
    bump: async (kind, writer) => {
      const cur = token;
      await Promise.resolve();
      token = {
        token: cur.token + 1,
        kind,
        writer,
        at: clock.now(),
        rollbacks: cur.rollbacks + (kind === "rollback" || kind === "auto-rollback" ? 1 : 0),
      };
      return token;
    },
  };
  const clock = {
    now: () => sb.clock.now(),
    sleep: async (ms: number) => {
      sb.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
  const log = new SessionLog(clock.now);
  const open = () => {
    const rec = log.view();
    let dead = false;
    const real = new AlbTraffic(client, config.alb!, config.aws);
    // A killed process sees nothing more from AWS, whatever AWS did with its last call.
    const guard = async <T>(f: () => Promise<T>): Promise<T> => {
      if (dead) throw new Error("process killed");
      const r = await f();
      if (dead) throw new Error("process killed");
      return r;
    };
    const traffic: TrafficPort = {
      read: (o) => guard(() => real.read(o)),
      write: (to, base) => guard(() => real.write(to, base)),
      manualCommand: (to, base) => real.manualCommand(to, base),
    };
    const engine = new Engine({
      traffic,
      health: new AlbHealth(client, config.alb!),
      probe: { probe: async (url) => ({ url, status: 200, ms: 1, ok: true }) },
      metrics: { series: async () => ({ blue: [], green: [] }) },
      recorder: rec,
      clock,
      config,
      runbook: m.runbook,
      fence,
    });
    return {
      engine,
      kill() {
        dead = true;
        rec.kill();
      },
    };
  };
  let proc = open();
  context = () =>
    [
      "session:",
      ...log.events.slice(1).map((e) => `  ${e.type} ${JSON.stringify(e.data).slice(0, 160)}`),
      `fence: ${JSON.stringify(token)}`,
      "sandbox ELBv2 calls:",
      ...sb.world.log
        .filter((e) => e.service === "elbv2" && e.seq > firstSeq)
        .map((e) => `  ${e.operation} ${e.error ?? e.status} ${e.detail ? JSON.stringify(e.detail) : ""}`),
    ].join("\n");
  let dialog: Plan | undefined;
  let staleArmed = false;
  // The cockpit over this process (test/model/cockpit.ts): its size, dialog and quit state.
  const cockpit: CockpitCtx = {
    sb,
    log,
    engine: () => proc.engine,
    check,
    modifies: () => modifies(),
    ui: { small: false, dialog: null, quitting: false, openedSeq: log.state.lastSeq },
    inflight: new Set(),
    async exit() {
      proc.kill();
      proc = open();
      dialog = undefined;
      cockpit.ui = { small: cockpit.ui.small, dialog: null, quitting: false, openedSeq: log.state.lastSeq };
      cockpit.inflight.clear();
      await proc.engine.reconcileOnOpen().catch(() => undefined);
    },
  };
  const by = "Ann";
  const promote = () => proc.engine.promote({ by, override: "model" }).catch((e: Error) => e);
  const confirm = () =>
    dialog
      ? proc.engine.executePlan(dialog, { by, override: "model" }).catch((e: Error) => e)
      : Promise.resolve(undefined);
  const rollback = (e = proc.engine) => e.rollback({ by, reason: "model" }).catch((x: Error) => x);
  const modifies = () => sb.world.log.filter((e) => e.operation === "ModifyListener" && !e.error).length;

  for (const [i, op] of ops.entries()) {
    const where = `step ${i} ${JSON.stringify(op)}`;
    const logFrom = sb.world.log.length ? sb.world.log.at(-1)!.seq : 0;
    const planned: Weights[] = [];
    const results: (ShiftResult | Error | undefined)[] = [];
    let rollbackAsked = false;
    const outsideAfterRollback = false;
    const before = onAws(sb, config);
    switch (op.t) {
      case "promote":
        results.push(await promote());
        break;
      case "open": {
        const p = await proc.engine.planPromote().catch(() => undefined);
        dialog = p?.plan;
        break;
      }
      case "confirm": {
        if (dialog) planned.push(dialog.to);
        const from = dialog?.from.raw;
        const r = await confirm();
        results.push(r);
        // I1: a listener that is not what the dialog showed gets nothing.
        // (unless an armed stale-read fault showed the dialog and the re-read the same past)
        if (from && !staleArmed && (from.blue !== before.rawBlue || from.green !== before.rawGreen))
          check(
            modifies() ===
              sb.world.log.filter((e) => e.seq <= logFrom && e.operation === "ModifyListener" && !e.error)
                .length,
            `${where}: I1 sent although the listener changed since the dialog`,
          );
        dialog = undefined;
        break;
      }
      case "cancel":
        dialog = undefined;
        break;
      case "restart":
        // Killed between two steps (nothing in flight), then opened again: the dialog is gone.
        await cockpit.exit();
        break;
      case "resize":
        cockpit.ui.small = op.small;
        break;
      case "key":
      case "signal": {
        const out = { planned, results, rollbackAsked: false };
        if (op.t === "key") await pressKey(cockpit, op.key, where, out);
        else await signalDuringRollback(cockpit, op, where, out);
        rollbackAsked ||= out.rollbackAsked;
        break;
      }
      case "rollback":
        rollbackAsked = true;
        results.push(await rollback());
        break;
      case "outside":
        sb.world.setListenerActions([
          {
            Type: "forward",
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: config.alb!.blueTargetGroupArn, Weight: op.blue },
                {
                  TargetGroupArn: config.alb!.greenTargetGroupArn,
                  Weight: op.green === 0 && op.blue === 0 ? 1 : op.green,
                },
              ],
              TargetGroupStickinessConfig: { Enabled: false },
            },
          },
        ]);
        break;
      case "stale":
        staleArmed = true;
        sb.world.faults.addApi("DescribeListeners", "stale-read", op.count);
        break;
      case "fault":
        sb.world.faults.addApi(op.op, op.kind, op.count);
        break;
      case "poll":
        sb.clock.advance(op.advanceMs);
        await proc.engine.controller.observe().catch(() => undefined);
        break;
      case "settle":
        break;
      case "race": {
        let release = () => {};
        let fail = () => {};
        let reached: Promise<void>;
        if (op.at === "append") {
          const h = log.holdAppend(op.nth);
          reached = h.reached;
          release = h.release;
          fail = h.release;
        } else ({ reached, release, fail } = holdCall(sb, op.at, op.nth, op.phase));
        if (op.first === "confirm" && dialog) planned.push(dialog.to);
        const firstP: Promise<ShiftResult | Error | undefined> =
          op.first === "promote" ? promote() : op.first === "confirm" ? confirm() : rollback();
        if (op.first === "rollback") rollbackAsked = true;
        if (op.first === "confirm") dialog = undefined;
        const done = await Promise.race([reached.then(() => "held"), firstP.then(() => "done")]);
        let second: Promise<ShiftResult | Error | undefined> = Promise.resolve(undefined);
        let other: ReturnType<typeof open> | undefined;
        if (done === "held") {
          if (op.next === "rollback") {
            rollbackAsked = true;
            second = rollback();
          } else if (op.next === "otherRollback") {
            rollbackAsked = true;
            other = open();
            second = rollback(other.engine);
          } else if (op.next === "kill") {
            // Killed inside the call: a new process, with a new cockpit (no dialog, nothing in flight).
            proc.kill();
            proc = open();
            dialog = undefined;
            cockpit.ui = {
              small: cockpit.ui.small,
              dialog: null,
              quitting: false,
              openedSeq: log.state.lastSeq,
            };
            cockpit.inflight.clear();
          }
        }
        // The held call goes on (or times out) after the second intent is under way.
        await new Promise((r) => setImmediate(r));
        if (op.next === "timeout") fail();
        else release();
        results.push(
          ...(await Promise.all([
            op.next === "kill" && done === "held" ? Promise.resolve(undefined) : firstP,
            second,
          ])),
        );
        if (op.next === "kill" && done === "held") {
          void firstP;
          await proc.engine.reconcileOnOpen().catch(() => undefined);
        }
        sb.hooks = {};
        void other;
        break;
      }
    }
    const after = onAws(sb, config);
    const s = log.state;
    for (const r of results) {
      if (!r || r instanceof Error) continue;
      // I4: a superseded promote offers nothing to apply by hand.
      if (r.superseded)
        check(r.manualCommand === undefined, `${where}: I4 superseded promote offers a manual command`);
      // Truthful: a claim of AWS's weights is what the sandbox held (nothing outside moved it meanwhile).
      if (r.ok && r.kind !== "promote")
        check(
          after.rawGreen === 0 && after.rawBlue > 0,
          `${where}: rollback claimed but the sandbox shows ${JSON.stringify(after.w)}`,
        );
      // I5: "nothing to move" only when green had no weight.
      // (judged by a DescribeListeners read, which an armed stale-read fault may answer from before)
      if (r.nothingToMove && results.filter(Boolean).length === 1 && !staleArmed)
        check(before.rawGreen === 0, `${where}: I5 nothing to move with green at ${before.rawGreen}`);
    }
    // One actor: a rollback asked for, once it is confirmed, is the last write (a promote it raced never lands after it).
    const rolled = results.some((r) => r && !(r instanceof Error) && r.ok && r.kind !== "promote");
    if (rollbackAsked && rolled && !outsideAfterRollback)
      check(
        after.rawGreen === 0 && after.rawBlue > 0,
        `${where}: rollback confirmed but the sandbox ends at ${JSON.stringify(after.w)}`,
      );
    // I1: golive writes only a planned target or 100/0.
    for (const e of sb.world.log.filter(
      (x) => x.seq > logFrom && x.operation === "ModifyListener" && !x.error,
    )) {
      const w = (e.detail as { weights?: Record<string, number> } | undefined)?.weights ?? {};
      const green = w.green ?? 0;
      const blue = w.blue ?? 0;
      const planTargets = [
        ...planned,
        ...(op.t === "promote" || (op.t === "race" && op.first === "promote")
          ? [{ blue: 100 - green, green }]
          : []),
      ];
      check(
        green === 0 || planTargets.some((p) => p.green === green && p.blue === blue),
        `${where}: I1 wrote blue ${blue} / green ${green}, no plan had it`,
      );
    }
    // I4: once a rollback is on record the header never says PRE-FLIGHT.
    if (s.rollback) check(overallState(s).text !== "PRE-FLIGHT", `${where}: I4 PRE-FLIGHT after a rollback`);
    // I7: drift only from fresh reads: what it records is what AWS holds.
    if (op.t === "poll") {
      const last = log.events.at(-1);
      if (last?.type === "drift.detected" && last.data.expected !== null)
        check(
          same(last.data.actual, after.w),
          `${where}: I7 drift recorded ${JSON.stringify(last.data.actual)} but AWS holds ${JSON.stringify(after.w)}`,
        );
    }
    if (op.t === "settle" || i === ops.length - 1) await settle(where);
  }

  /** Faults cleared, the settle window passed, two polls: the session agrees with AWS, nothing pending. */
  async function settle(where: string) {
    sb.hooks = {};
    sb.world.clearFaults();
    staleArmed = false;
    for (let k = 0; k < 3; k++) {
      sb.clock.advance(11_000);
      await proc.engine.controller.observe().catch(() => undefined);
    }
    const s = log.state;
    const aws = onAws(sb, config);
    check(
      !s.shift,
      `${where}: settled, but a ${s.shift?.kind} to ${JSON.stringify(s.shift?.to)} is still pending`,
    );
    check(
      same(s.weights, aws.w),
      `${where}: settled, but the session says ${JSON.stringify(s.weights)} and AWS ${JSON.stringify(aws.w)}`,
    );
  }
}
