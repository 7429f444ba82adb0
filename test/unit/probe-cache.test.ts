/**
 * The probes' answers (test/helpers/aws-clis.ts remembered()) are kept across runs and across the
 * checkouts of one machine: a PATH that differs only in directories holding no candidate (npx puts
 * each worktree's node_modules/.bin first) finds the same answer; a candidate that appears, or one
 * that changes, is probed again.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { remembered } from "../helpers/aws-clis.js";

describe("remembered: the probe cache's key", () => {
  let dir = "";
  const saved = process.env.GOLIVE_MACHINE_TMPDIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "golive-probe-cache-"));
    process.env.GOLIVE_MACHINE_TMPDIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.GOLIVE_MACHINE_TMPDIR;
    else process.env.GOLIVE_MACHINE_TMPDIR = saved;
  });

  it("absent candidates (another checkout's node_modules/.bin) do not change it; an existing one does", () => {
    const bin = join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "aws"), "#!/bin/sh\n");
    let probes = 0;
    const probe = () => ({ v1: `probe ${++probes}` });
    const checkout = (name: string) => [join(dir, name, "node_modules", ".bin", "aws"), join(bin, "aws")];

    expect(remembered("t", checkout("a"), probe)).toEqual({ v1: "probe 1" });
    expect(remembered("t", checkout("b"), probe)).toEqual({ v1: "probe 1" });
    expect(probes).toBe(1);

    // A CLI installed into one checkout's .bin is a candidate of its own: probed again.
    mkdirSync(join(dir, "c", "node_modules", ".bin"), { recursive: true });
    writeFileSync(join(dir, "c", "node_modules", ".bin", "aws"), "#!/bin/sh\n");
    expect(remembered("t", checkout("c"), probe)).toEqual({ v1: "probe 2" });
    // And one changed in place.
    writeFileSync(join(bin, "aws"), "#!/bin/sh\n# upgraded\n");
    expect(remembered("t", checkout("a"), probe)).toEqual({ v1: "probe 3" });
  });
});
