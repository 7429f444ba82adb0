/**
 * Once the cockpit's first frame is on screen, V8's optimising compiler (TurboFan) waits for several
 * times more of a function's work before compiling it. At rest the cockpit calls its functions about
 * once a second (the clock's frame, the polls every 5-15 s): at V8's default budget TurboFan compiled
 * 100 functions in the first minute and still 20-40 a minute after five, recompiling the hot ones
 * after each full GC, 3.0-3.5 ms of CPU a second on its threads (bench/RESULTS.md §0zs), about a third
 * of the idle cockpit in its first minutes. Code that really is hot (a frame per keystroke, a
 * promote's events) still reaches TurboFan, later. Node 20 only (below). Set only after the first
 * frame: start-up's modules and the first frame keep V8's own defaults (bench/RESULTS.md §0zx).
 */
import { setFlagsFromString } from "node:v8";

/** How many times V8's default work a function does before TurboFan compiles it. */
export const TIER_UP_FACTOR = 8;

/**
 * V8's flag for it, on V8 11 (Node 20), where TurboFan is the only optimising tier and the churn was
 * measured: `--interrupt-budget` (bytecode executed before tier-up, default 66 KB). From V8 12 (Node
 * 22, 24) Maglev optimises warm code first and TurboFan waits for 3,000 invocations: there the
 * same factor (`--invocation-count-for-turbofan`) changed nothing measurable on Node 24 (10.2-10.6
 * against 10.3-10.5 ms/s, bench/RESULTS.md §0zx), so V8's defaults stay. A flag a V8 does not know
 * would be printed on the terminal under the cockpit's frame.
 */
export function tierUpFlag(v8Version: string, factor = TIER_UP_FACTOR): string | undefined {
  return Number(v8Version.split(".")[0]) === 11 ? `--interrupt-budget=${67584 * factor}` : undefined;
}

/** Sets the later tier-up for this process; returns the flag set, if any. */
export function tierUpLater(
  o: { v8Version?: string; setFlags?: (flags: string) => void; factor?: number } = {},
): string | undefined {
  const flag = tierUpFlag(o.v8Version ?? process.versions.v8, o.factor);
  if (flag) (o.setFlags ?? setFlagsFromString)(flag);
  return flag;
}
