/**
 * A rollback in the actor: 100/0 over the listener's whole action list, written without waiting
 * for the disk, read back, then recorded (or written to the fallback file) and blue verified.
 */
import { ROLLBACK_WEIGHTS } from "../domain/canary.js";
import type { Weights } from "../domain/events.js";
import { fieldByLabel, ROLLBACK_FIELDS, rollbackConfirmedItem } from "./bindings.js";
import type { Intent } from "./traffic-actor.js";
import { attemptsOf, describeAwsError } from "./traffic-record.js";
import { failedShift, readBackDeadline, type ShiftResult, type TrafficCore } from "./traffic-types.js";
import { notShown, verifyBlue } from "./verify-blue.js";

export async function rollbackIn(
  c: TrafficCore,
  intent: Intent,
  kind: "rollback" | "auto-rollback",
  o: { by: string; reason: string },
): Promise<ShiftResult> {
  const started = performance.now();
  const s = c.rec.state;
  const last = c.truth.last;
  // I5: green already had weight 0. Only when everything golive knows says so does the rollback
  // read first (one DescribeListeners), and only a fresh 0 there makes it "nothing to move"; any
  // other answer, or none, and it is a real rollback at once.
  let nothingToMove =
    !s.shift &&
    s.weights?.green === 0 &&
    !!last &&
    last.gen === c.actor.writes.gen &&
    last.listener.raw.green === 0 &&
    !(s.rollback && !s.rollback.completedAt);
  if (nothingToMove) {
    try {
      const now = await c.truth.read();
      nothingToMove = now.listener.raw.green === 0 && now.listener.raw.blue > 0;
    } catch {
      nothingToMove = false;
    }
  }
  const requested = { kind, from: s.weights ?? undefined, to: ROLLBACK_WEIGHTS, override: o.reason };
  // Never waits for the disk: recorded meanwhile (appends are queued, so it precedes the confirmation).
  const recording = nothingToMove ? undefined : c.rec.append("traffic.shift.requested", requested, o.by);
  recording?.catch(() => {});
  let attempts = 0;
  let base = c.truth.last?.listener;
  let lastError = "";
  for (let i = 0; i < 3 && !base?.actions; i++) {
    // Only when this process never read the listener: its action list must be sent back whole.
    try {
      base = (await c.truth.read()).listener;
      attempts++;
    } catch (e) {
      attempts += attemptsOf(e);
      lastError = `could not read the listener's default actions, so nothing was sent rather than drop them: ${describeAwsError(e)}`;
      if (i < 2) await c.d.clock.sleep(1000 * 2 ** i);
    }
  }
  // Every read answered, but without the action list: say so, or the refusal would have no reason.
  if (!base?.actions && !lastError)
    lastError =
      "the listener answered without its default actions three times, so nothing was sent rather than drop them";
  const manualCommand = c.d.traffic.manualCommand(ROLLBACK_WEIGHTS, base);
  let written = false;
  const writtenAt = c.d.clock.now();
  for (let i = 0; i < 3 && !written && base?.actions; i++) {
    try {
      const listener = base;
      let w = await c.actor.write(intent, undefined, () => c.d.traffic.write(ROLLBACK_WEIGHTS, listener));
      attempts += w.result.attempts;
      // Another writer bumped the fence after this rollback did: rollback writes last.
      for (let again = 0; w.overtaken && again < 3; again++) {
        w = await c.actor.write(intent, undefined, () => c.d.traffic.write(ROLLBACK_WEIGHTS, listener));
        attempts += w.result.attempts;
      }
      written = true;
    } catch (e) {
      attempts += attemptsOf(e);
      lastError = `ModifyListener failed: ${describeAwsError(e)}`;
      if (i < 2) await c.d.clock.sleep(1000 * 2 ** i);
    }
  }
  let seen: Weights | undefined;
  let confirmed: Weights | undefined;
  if (written) {
    lastError = ""; // a retried write's error is not why a read-back failed
    const deadline = readBackDeadline(c.d);
    let delay = 250;
    while (deadline() && !confirmed) {
      try {
        const r = await c.truth.read();
        attempts++;
        seen = r.listener.weights;
        if (r.listener.raw.green === 0 && r.listener.raw.blue > 0) confirmed = seen;
      } catch (e) {
        lastError = describeAwsError(e);
      }
      if (!confirmed) {
        await c.d.clock.sleep(delay);
        delay = Math.min(delay * 1.5, 2000);
      }
    }
  }
  const tookMs = performance.now() - started;
  // Only now the disk: AWS's answer never waited for it.
  let fallbackFile: string | undefined;
  if (recording)
    try {
      await recording;
    } catch (e) {
      fallbackFile = await c.rec
        .fallback("traffic.shift.requested", { ...requested, recordError: (e as Error).message }, o.by)
        .catch(() => undefined);
    }
  if (!confirmed) {
    const why = !written
      ? lastError
      : seen
        ? await notShown(c.d.traffic, seen, c.d.config.canary.verifyTimeoutSeconds, writtenAt)
        : `could not read the listener back: ${lastError || "no read answered before the read-back deadline"}`;
    const r = await failedShift(c, kind, ROLLBACK_WEIGHTS, o.by, why, manualCommand, tookMs, attempts);
    return { ...r, fallbackFile: fallbackFile ?? r.fallbackFile };
  }
  const result: ShiftResult = {
    ok: true,
    kind,
    to: ROLLBACK_WEIGHTS,
    weights: confirmed,
    tookMs,
    attempts,
    fallbackFile,
  };
  if (nothingToMove) {
    const rec = await c.rec.orFallback(
      "traffic.observed",
      {
        observation: "nothing-to-move",
        weights: confirmed,
        detail: `rollback asked (${o.reason}) with green already at weight 0: nothing to move; blue 100 / green 0 sent again and read back`,
      },
      o.by,
      kind,
    );
    return { ...result, nothingToMove: true, fallbackFile: fallbackFile ?? rec };
  }
  const rec = await c.rec.orFallback(
    "traffic.shift.confirmed",
    { kind, weights: confirmed, tookMs, attempts },
    o.by,
    kind,
  );
  await afterRollback(c, o.by);
  return { ...result, fallbackFile: fallbackFile ?? rec };
}

/** The runbook's rollback blanks, blue's verification, the "traffic back" item. */

export async function afterRollback(c: TrafficCore, by: string): Promise<void> {
  const s = c.rec.state;
  const rb = c.d.runbook;
  const fill = async (re: RegExp, value: string) => {
    const f = fieldByLabel(rb, re);
    if (f) await c.rec.record("field.recorded", { field: f.id, value, source: "engine" }, by);
  };
  await fill(ROLLBACK_FIELDS.decidedBy, by);
  if (s.rollback?.startedAt) await fill(ROLLBACK_FIELDS.initiatedAt, s.rollback.startedAt);
  await fill(ROLLBACK_FIELDS.completedAt, new Date(c.d.clock.now()).toISOString());
  const v = await verifyBlue(c.d);
  await c.rec.record("rollback.verified", v, by);
  const stable = fieldByLabel(rb, ROLLBACK_FIELDS.stable);
  if (stable?.options)
    await c.rec.record(
      "field.recorded",
      {
        field: stable.id,
        value: v.blueHealthy ? stable.options[0]! : (stable.options[1] ?? stable.options[0]!),
        source: "engine",
      },
      by,
    );
  const item = rollbackConfirmedItem(rb);
  if (item && v.blueHealthy)
    await c.rec.record(
      "item.checked",
      { item: item.id, evidence: `AWS confirmed blue 100 / green 0; ${v.detail}` },
      by,
    );
}
