/**
 * The cockpit's old generation compacts at a full GC only while it holds free space worth giving
 * back. Compacting at every full GC (§0zn's `--compact-on-every-full-gc`) kept a compressed day's RSS
 * under its target, but at rest, where the old generation is all in use (it grows by what the young
 * one promotes and shrinks at each full GC), it bought nothing and cost the slowest frame of every
 * run: the full GC every ~2 minutes took 250 ms instead of 24 (wall, load 20), and the frame it fell
 * in took 140-170 ms (bench/RESULTS.md §0zs). V8 reads the flag at the start of each full GC.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/** Free space in the old generation past which its next full GC compacts. */
export const COMPACT_SLACK_BYTES = 4 * 1024 * 1024;

export type HeapSpaceReader = () => { space_name: string; space_size: number; space_used_size: number }[];

/** Whether the next full GC should compact, from the old generation's size and use. */
export function wantsCompaction(spaces: ReturnType<HeapSpaceReader>, slack = COMPACT_SLACK_BYTES): boolean {
  const old = spaces.find((s) => s.space_name === "old_space");
  return !!old && old.space_size - old.space_used_size >= slack;
}

/**
 * Checks every `everyMs` and sets V8's flag when the answer changes; returns the stop. The timer does
 * not hold the process open.
 */
export function compactWhenFragmented(
  everyMs = 5000,
  o: { spaces?: HeapSpaceReader; setFlags?: (flags: string) => void } = {},
): () => void {
  const spaces = o.spaces ?? getHeapSpaceStatistics;
  const setFlags = o.setFlags ?? setFlagsFromString;
  let compacting: boolean | undefined;
  const check = () => {
    const want = wantsCompaction(spaces());
    if (want === compacting) return;
    compacting = want;
    setFlags(want ? "--compact-on-every-full-gc" : "--no-compact-on-every-full-gc");
  };
  check();
  const timer = setInterval(check, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
