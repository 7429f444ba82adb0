/**
 * The session's clock, as the session names it: the wall clock, or (a demo) its sandbox's clock,
 * read from the sandbox so a viewer in another process runs on the same time as the lead's cockpit
 * (phase, dwell, metrics window). When that sandbox does not answer, the wall clock stands in and
 * the screen says so: a guessed time is never shown as the session's.
 */
import type { EnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionClockRef } from "../domain/events.js";
import { formatAge } from "../domain/gate.js";
import type { EngineClock } from "../domain/ports.js";
import { SandboxClock } from "../integrations/sandbox-clock.js";
import type { SessionStore } from "../session/store.js";
import type { Ctx } from "./io.js";

export interface SessionClock {
  clock: EngineClock;
  /** Session-clock ms per real ms. */
  rate: number;
  /** Undefined while the clock is the session's own and current; else what is wrong, with its age. */
  status(): string | undefined;
  close(): void;
}

export async function openSessionClock(ctx: Ctx, store: Pick<SessionStore, "state">): Promise<SessionClock> {
  const wall: EngineClock = {
    now: () => ctx.clock.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
  const named = store.state.clock;
  if (!named || named.source === "wall")
    return { clock: wall, rate: 1, status: () => undefined, close: () => {} };
  let sandbox: SandboxClock;
  try {
    sandbox = await SandboxClock.connect(named.url);
  } catch (e) {
    const why = (e as Error).message;
    return {
      clock: wall,
      rate: 1,
      status: () => `WALL CLOCK, not the session's: ${why}`,
      close: () => {},
    };
  }
  sandbox.start();
  return {
    clock: sandbox,
    rate: sandbox.speed,
    status: () => {
      const s = sandbox.stale();
      return s
        ? `clock STALE ${formatAge(s.forMs * sandbox.speed)}: ${s.message}; running on at ${sandbox.speed}× from its last reading`
        : undefined;
    },
    close: () => sandbox.stop(),
  };
}

/**
 * The clock a new session names for the environment it acts on: a sandbox environment (`golive
 * sandbox` wrote it: `aws.sandbox` with its endpoint) runs on the sandbox's clock, read from the
 * sandbox now, so `new`, the cockpit, `watch` and `status` share the time the sandbox's metrics and
 * dwell run on; anything else on the wall clock. A sandbox that does not answer is refused: a
 * session stamped on a guessed clock would disagree with its own metrics.
 */
export async function clockForEnvironment(
  config: EnvConfig | undefined,
  configFile?: string,
): Promise<{ ref: SessionClockRef; now?: () => number }> {
  const endpoint = config?.aws.sandbox ? config.aws.endpoint : undefined;
  if (!endpoint) return { ref: { source: "wall" } };
  try {
    const c = await SandboxClock.connect(endpoint);
    return { ref: { source: "sandbox", url: endpoint, speed: c.speed }, now: () => c.now() };
  } catch (e) {
    throw new UserError(
      `${configFile ?? "the environment config"}: ${(e as Error).message}; a sandbox session runs on the sandbox's clock`,
      ExitCode.aws,
      "start the sandbox first (golive sandbox --speed N), then run this again",
    );
  }
}
