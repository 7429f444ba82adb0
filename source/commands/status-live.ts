/**
 * What `golive status --live` adds from the live world: the gate (the one predicate, domain/gate.ts) over a
 * fresh read of the listener, metrics and health URLs, and the cockpit's what-next line for it. The
 * read is bounded: when AWS does not answer in time, the gate says "no evidence", never open.
 * Nothing is recorded (the engine only observes), and the session's own clock is used (a demo's
 * sandbox clock), so status says what the lead's cockpit says.
 */
import { formatAge } from "../domain/gate.js";
import type { Runbook } from "../domain/runbook.js";
import type { SessionStore } from "../session/store.js";
import { nextAction } from "../ui/app/next.js";
import type { Ctx } from "./context.js";
import { engineFor } from "./engine-adapters.js";
import { openSessionClock } from "./session-clock.js";
import type { StatusGate } from "./status-gate.js";

export async function liveStatus(ctx: Ctx, store: SessionStore, runbook: Runbook): Promise<StatusGate> {
  const clock = await openSessionClock(ctx, store);
  try {
    const s = store.state;
    if (!s.config) {
      return {
        source: "aws",
        now: clock.clock.now(),
        note: "no environment config: nothing to read from AWS, nothing to gate (golive attach --config FILE)",
        next: nextAction({ state: s, gate: undefined, readOnly: false }),
      };
    }
    const h = engineFor({ ...ctx, clock: clock.clock }, store, runbook, {
      observeOnly: true,
      clock: clock.clock,
      clockRate: clock.rate,
    });
    try {
      const bound = h.config.aws.timeoutMs + 1000;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        h.engine.refreshForGate().then(() => false),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(true), bound);
        }),
      ]);
      clearTimeout(timer);
      const gate = h.engine.gate();
      return {
        source: "aws",
        now: clock.clock.now(),
        gate,
        note: [
          timedOut
            ? `AWS did not answer within ${formatAge(bound)}: what it did not answer is no evidence`
            : "",
          clock.status() ?? "",
        ]
          .filter(Boolean)
          .join("; "),
        next: nextAction({ state: store.state, gate, readOnly: false }),
      };
    } finally {
      h.engine.monitor.stop();
      h.aws.destroy();
    }
  } finally {
    clock.close();
  }
}
