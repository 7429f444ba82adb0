/**
 * A promote in the actor's queue: bound to its plan (the listener read again; nothing sent if it is
 * not what the plan was computed from), journalled before the write, fenced by any rollback.
 */
import { ROLLBACK_WEIGHTS, sameWeights } from "../domain/canary.js";
import type { Weights } from "../domain/events.js";
import type { FenceToken } from "../domain/ports.js";
import { liveConfirmedItem, stepItem } from "./bindings.js";
import { sameListener, sameRaw, type TaggedRead } from "./listener-truth.js";
import { FencedError, type Intent } from "./traffic-actor.js";
import { attemptsOf, describeAwsError } from "./traffic-record.js";
import {
  failedShift,
  type Plan,
  type PromoteOptions,
  readBackDeadline,
  type ShiftResult,
  type TrafficCore,
} from "./traffic-types.js";
import { notShown } from "./verify-blue.js";

export async function executeIn(
  c: TrafficCore,
  intent: Intent,
  plan: Plan,
  o: PromoteOptions,
): Promise<ShiftResult> {
  const started = performance.now();
  const base = { kind: "promote" as const, to: plan.to, attempts: 0 };
  const took = () => performance.now() - started;
  if (intent.fenced() || plan.epoch !== c.actor.rollbackEpoch)
    return {
      ...base,
      ok: false,
      superseded: true,
      tookMs: took(),
      error: "a rollback was requested after this promote was planned: nothing sent",
    };
  const manualCommand = c.d.traffic.manualCommand(plan.to, plan.from);
  let now: TaggedRead;
  try {
    now = await c.truth.read();
  } catch (e) {
    const error = `could not read the listener before the write, so nothing was sent: ${describeAwsError(e)}`;
    await c.rec.orFallback(
      "traffic.shift.failed",
      { kind: "promote", to: plan.to, error, manualCommand },
      o.by,
      "promote",
    );
    return { ...base, ok: false, tookMs: took(), attempts: 1, error, manualCommand };
  }
  if (!sameListener(now.listener, plan.from)) {
    const was = plan.from.weights;
    const is = now.listener.weights;
    await c.rec.orFallback(
      "traffic.observed",
      {
        observation: "changed-since-dialog",
        weights: is,
        expected: was,
        detail: `planned from blue ${was.blue} / green ${was.green}, AWS now shows blue ${is.blue} / green ${is.green}${sameRaw(now.listener, plan.from) ? " (its default actions changed)" : ""}: nothing was sent`,
      },
      o.by,
      "promote",
    );
    return {
      ...base,
      ok: false,
      tookMs: took(),
      attempts: 1,
      changed: now.listener,
      error: "the listener changed since the plan was shown: nothing was sent",
    };
  }
  await o.beforeWrite?.();
  if (intent.fenced())
    return superseded(c, plan, o.by, "a rollback was requested before it was sent", took(), 1);
  // Write-ahead: a promote that cannot be recorded does not happen.
  await c.rec.append(
    "traffic.shift.requested",
    {
      kind: "promote",
      from: plan.from.weights,
      to: plan.to,
      step: plan.step,
      override: o.override,
      ...(o.override && o.overridden?.length ? { overridden: o.overridden } : {}),
      ...(o.approval ? { approval: o.approval } : {}),
    },
    o.by,
  );
  let attempts = 1;
  let overtaken: FenceToken | undefined;
  const writtenAt = c.d.clock.now();
  try {
    const w = await c.actor.write(intent, plan.fence, () => c.d.traffic.write(plan.to, plan.from));
    attempts += w.result.attempts;
    overtaken = w.overtaken;
  } catch (e) {
    if (e instanceof FencedError) return superseded(c, plan, o.by, e.message, took(), attempts);
    return failedShift(
      c,
      "promote",
      plan.to,
      o.by,
      `ModifyListener failed: ${describeAwsError(e)}`,
      manualCommand,
      took(),
      attempts + attemptsOf(e),
    );
  }
  if (overtaken) {
    // Another process's rollback bumped the fence around this write: its weights go back on top.
    let how = "written back";
    try {
      await c.d.traffic.write(ROLLBACK_WEIGHTS, plan.from);
    } catch (e) {
      how = `NOT written back (${describeAwsError(e)})`;
    }
    await c.rec.record(
      "traffic.observed",
      {
        observation: "fenced-write-back",
        weights: ROLLBACK_WEIGHTS,
        expected: plan.to,
        detail: `a rollback by ${overtaken.writer} fenced this promote while its write was on the wire; the rollback's blue 100 / green 0 was ${how}`,
      },
      o.by,
    );
    return superseded(c, plan, o.by, "a rollback in another golive fenced it", took(), attempts);
  }
  // Eventually consistent: only DescribeListeners showing the new weights counts as done.
  const deadline = readBackDeadline(c.d);
  let seen: Weights | undefined;
  let lastError = "";
  let delay = 250;
  while (deadline()) {
    if (intent.fenced())
      return superseded(c, plan, o.by, "a rollback was requested before AWS confirmed it", took(), attempts);
    try {
      const r = await c.truth.read();
      attempts++;
      seen = r.listener.weights;
      if (intent.fenced())
        return superseded(
          c,
          plan,
          o.by,
          "a rollback was requested before AWS confirmed it",
          took(),
          attempts,
        );
      if (sameWeights(seen, plan.to)) return confirmed(c, plan, o.by, seen, took(), attempts);
    } catch (e) {
      lastError = describeAwsError(e);
    }
    await c.d.clock.sleep(delay);
    delay = Math.min(delay * 1.5, 2000);
  }
  const why = seen
    ? await notShown(c.d.traffic, seen, c.d.config.canary.verifyTimeoutSeconds, writtenAt)
    : `could not read the listener back: ${lastError}`;
  return failedShift(c, "promote", plan.to, o.by, why, manualCommand, took(), attempts);
}

export async function confirmed(
  c: TrafficCore,
  plan: Plan,
  by: string,
  weights: Weights,
  tookMs: number,
  attempts: number,
): Promise<ShiftResult> {
  const r: ShiftResult = { ok: true, kind: "promote", to: plan.to, weights, tookMs, attempts };
  try {
    await c.rec.append("traffic.shift.confirmed", { kind: "promote", weights, tookMs, attempts }, by);
  } catch (e) {
    // AWS did it; the pending request is reconciled with AWS on the next poll or open.
    return {
      ...r,
      error: `AWS confirmed it, but the session could not record it: ${(e as Error).message}`,
    };
  }
  const live = weights.green === 100 ? liveConfirmedItem(c.d.runbook) : undefined;
  if (live && !c.rec.state.items[live.id]?.checked)
    await c.rec.record(
      "item.checked",
      { item: live.id, evidence: `AWS read back blue ${weights.blue} / green ${weights.green} (listener)` },
      by,
    );
  const item = stepItem(c.d.runbook, plan.step);
  if (item)
    await c.rec.record(
      "item.checked",
      {
        item: item.id,
        evidence: `AWS confirmed blue ${weights.blue} / green ${weights.green} in ${(tookMs / 1000).toFixed(1)} s`,
      },
      by,
    );
  return r;
}

export async function superseded(
  c: TrafficCore,
  plan: Plan,
  by: string,
  why: string,
  tookMs: number,
  attempts: number,
): Promise<ShiftResult> {
  await c.rec.record("traffic.shift.superseded", { kind: "promote", to: plan.to, detail: why }, by);
  return {
    ok: false,
    kind: "promote",
    to: plan.to,
    tookMs,
    attempts,
    superseded: true,
    error: `superseded: ${why}`,
  };
}
