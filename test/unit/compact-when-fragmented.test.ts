import { describe, expect, it } from "vitest";
import {
  COMPACT_SLACK_BYTES,
  compactWhenFragmented,
  wantsCompaction,
} from "../../source/commands/compact-when-fragmented.js";

const MB = 1024 * 1024;
const old = (size: number, used: number) => [
  { space_name: "new_space", space_size: 2 * MB, space_used_size: 0 },
  { space_name: "old_space", space_size: size, space_used_size: used },
];

describe("compactWhenFragmented", () => {
  it("compacts only while the old generation holds the slack's worth of free space", () => {
    expect(wantsCompaction(old(45 * MB, 26 * MB))).toBe(true);
    expect(wantsCompaction(old(21 * MB, 20 * MB))).toBe(false);
    expect(wantsCompaction(old(20 * MB + COMPACT_SLACK_BYTES, 20 * MB))).toBe(true);
    expect(wantsCompaction(old(20 * MB + COMPACT_SLACK_BYTES - 1, 20 * MB))).toBe(false);
    expect(wantsCompaction([])).toBe(false);
  });

  it("sets V8's flag at once and again only when the answer changes", async () => {
    const states = [
      old(21 * MB, 20 * MB),
      old(21 * MB, 20 * MB),
      old(45 * MB, 26 * MB),
      old(45 * MB, 30 * MB),
      old(17 * MB, 16 * MB),
    ];
    let i = 0;
    const flags: string[] = [];
    const stop = compactWhenFragmented(1, {
      spaces: () => states[Math.min(i++, states.length - 1)]!,
      setFlags: (f) => flags.push(f),
    });
    await expect.poll(() => i, { timeout: 5000 }).toBeGreaterThan(states.length);
    stop();
    expect(flags).toEqual([
      "--no-compact-on-every-full-gc",
      "--compact-on-every-full-gc",
      "--no-compact-on-every-full-gc",
    ]);
  });
});
