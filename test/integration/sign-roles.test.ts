/**
 * `golive sign --role`: each role of another team's Approvals block signs separately; a success
 * sign-off lists the roles still open and is refused until they sign or the lead accepts them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";

it("roles sign separately, success lists what is open, --accept records it, nothing is overwritten", async () => {
  const sessions = tempDir();
  const clock = fixedClock("2026-11-23T13:30:00Z");
  const g = (args: string[]) => golive(args, { sessions, clock });
  expect(
    (await g(["new", "--runbook", "test/fixtures/orbit-release.md", "--t0", "2026-11-23T12:00:00Z"])).code,
  ).toBe(0);

  const approver = await g(["sign", "--role", "approver", "--signer", "Bob"]);
  expect(approver.code, approver.stderr).toBe(0);
  expect(approver.stdout).toBe("signed role Approver as Bob; still open: Release Manager\n");
  const again = await g(["sign", "--role", "Approver", "--signer", "Eve"]);
  expect(again.code).toBe(7);
  expect(again.stderr).toMatch(/role Approver is already signed by Bob .*nothing recorded is overwritten/);
  const unknown = await g(["sign", "--role", "auditor", "--signer", "Eve"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toBe(
    'golive: no role "auditor" in the runbook\'s sign-off block (roles: Release Manager, Approver)\n',
  );
  // A role alone does not close the session.
  expect(JSON.parse((await g(["status", "--json"])).stdout).signoff).toBeNull();

  // In-progress: T-1h, T-0 and T+30 items are due (T+1 day is not); Release Manager is signed now.
  const refused = await g(["sign", "--status", "success", "--signer", "Ann"]);
  expect(refused.code).toBe(7);
  expect(refused.stderr).toContain("✖ i1 open: Release notes approved by product (Readiness (T-1h))");
  expect(refused.stderr).toContain("✖ i8 open: Cache hit ratio above 80% (Watch (T+30 min))");
  expect(refused.stderr).not.toContain("Retro booked");
  expect(refused.stderr).not.toContain("role not signed");
  const rolledBack = await g(["sign", "--status", "rolled-back", "--signer", "Ann"]);
  expect(rolledBack.code).toBe(7);
  expect(rolledBack.stderr).toContain("no rollback was confirmed by AWS in this session");

  clock.advance(5 * 60_000);
  const signed = await g([
    "sign",
    "--status",
    "success",
    "--signer",
    "Ann",
    "--accept",
    "search drill, no AWS",
  ]);
  expect(signed.code, signed.stderr).toBe(0);
  expect(signed.stdout).toMatch(/^signed success by Ann as Release Manager — ACCEPTED 9 open point\(s\)/);
  const md = join(sessions, "record.md");
  expect((await g(["export", "--out", md])).code).toBe(0);
  const record = readFileSync(md, "utf8");
  expect(record).toContain("Release Manager: **Ann** Date: **2026-11-23**");
  expect(record).toContain("Approver: **Bob** Signature: **/s/ Bob**");
  expect(record.split("\n")[0]).toBe(
    "> **⚠ SIGNED SUCCESS WITH 9 OPEN POINT(S) ACCEPTED** by Ann at 2026-11-23T13:35:00.000Z — reason: search drill, no AWS. The list is in the sign-off record at the end.",
  );
  expect(record).toContain("- traffic never read back from AWS: green at 100 % is not confirmed");
  expect(record).toContain("- **Status:** SUCCESS — signed by Ann as Release Manager at");
});
