/**
 * GOLIVE_PROFILE (commands/profile.ts): frames are buffered and written once a second with a
 * memory/CPU sample, appended (never overwriting what an earlier run wrote), and a file that cannot
 * be written never stops the cockpit. Fake timers: the second is moved on, not waited out.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startProfile } from "../../source/commands/profile.js";
import { tempDir } from "../helpers/paths.js";

const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, number | string>);

describe("GOLIVE_PROFILE", () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ["setInterval", "clearInterval", "Date"],
      now: Date.parse("2026-12-01T00:00:00Z"),
    });
  });
  afterEach(() => vi.useRealTimers());

  it("buffers frames and writes them with a sample once a second, appending to what is there", () => {
    const file = join(tempDir("tests-profile-"), "profile.jsonl");
    writeFileSync(file, '{"t":"earlier run"}\n');
    const p = startProfile(file);
    p.frame(3.5);
    p.frame(7);
    // Nothing written between the seconds: profiling must not cost a write per frame.
    expect(readFileSync(file, "utf8")).toBe('{"t":"earlier run"}\n');

    vi.advanceTimersByTime(1000);
    const first = lines(file);
    expect(first.map((l) => l.t)).toEqual(["earlier run", "start", "frame", "frame", "sample"]);
    expect(first.filter((l) => l.t === "frame").map((l) => l.ms)).toEqual([3.5, 7]);
    const sample = first.at(-1)!;
    expect(sample.at).toBe(Date.parse("2026-12-01T00:00:01Z"));
    for (const k of ["rss", "heapUsed", "cpuUserUs", "cpuSystemUs"]) expect(sample[k]).toBeGreaterThan(0);

    p.frame(2);
    p.stop();
    const after = lines(file);
    expect(after.slice(first.length).map((l) => l.t)).toEqual(["frame", "sample"]);
    // Stopped: the timer is gone, so another second writes nothing more.
    vi.advanceTimersByTime(5000);
    expect(lines(file)).toHaveLength(after.length);
  });

  it("a file it cannot write is ignored: the cockpit keeps drawing", () => {
    const dir = tempDir("tests-profile-");
    const p = startProfile(join(dir, "no-such-dir", "profile.jsonl"));
    p.frame(1);
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
    expect(() => p.stop()).not.toThrow();
  });
});
