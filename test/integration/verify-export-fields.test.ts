/**
 * `golive verify` on a JSON export whose events still chain but whose summary fields were edited:
 * the last events dropped (head left as it was), or the step verdicts and traffic shares rewritten.
 * Each is NOT VERIFIED, exit 5, in one line that says what does not hold; the untouched export passes.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../source/domain/errors.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";

async function exported() {
  const dir = tempDir("verify-fields-");
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "blue healthy" }, "lead");
  await store.append("note.added", { text: "green warming" }, "lead");
  await store.close();
  const g = (args: string[]) => golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z") });
  const out = join(dir, "record.json");
  expect((await g(["export", "--format", "json", "--out", out, "--session", store.file])).code).toBe(0);
  const ok = await g(["verify", out]);
  expect([ok.code, ok.stderr]).toEqual([0, ""]);
  return { out, g, exp: JSON.parse(readFileSync(out, "utf8")) };
}

describe("golive verify: an export's head, count and steps must be what its events give", () => {
  it("the last events dropped, the count fixed, the head left: NOT VERIFIED (events removed from the end?)", async () => {
    const { out, g, exp } = await exported();
    exp.session.events.splice(-2, 2);
    exp.eventCount = exp.session.events.length;
    writeFileSync(out, JSON.stringify(exp));
    const r = await g(["verify", out]);
    expect(r.code).toBe(ExitCode.verifyFailed);
    expect(r.stderr).toBe(
      `golive: ${out}: NOT VERIFIED: the export's head ${String(exp.head).slice(0, 12)}… is not its last event's hash (events removed from the end?)\n`,
    );
  });

  it("a canary step's PASS claimed that no recorded period gives: NOT VERIFIED (edited after export?)", async () => {
    const { out, g, exp } = await exported();
    // No step was ever served in this session: its export has no verdicts to show.
    expect(exp.steps).toEqual([]);
    exp.steps = [{ step: 10, verdict: "PASS", trust: "promote" }];
    writeFileSync(out, JSON.stringify(exp));
    const r = await g(["verify", out]);
    expect(r.code).toBe(ExitCode.verifyFailed);
    expect(r.stderr).toBe(
      `golive: ${out}: NOT VERIFIED: the export's step verdicts and traffic shares are not what its recorded periods give (edited after export?)\n`,
    );
  });
});
