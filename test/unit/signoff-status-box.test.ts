/**
 * Which status box a sign-off ticks: only the sign-off block's own, only one whose words match the
 * status, none where the block has no boxes or the runbook no block; and the role being signed is no
 * blocker of its own success. Stryker's domain-signoff run (2026-12-03 14:05 UTC) left these
 * untested in signoff-plan.ts (lines 89 and 106-109).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { planSignoff } from "../../source/domain/signoff-plan.js";
import { tempDir } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const LEAD = "**Deployment Lead:** ________";
const block = (...lines: string[]) =>
  ["# Orders rollout", "## Prepare (T-1h)\n\n- [ ] Backup taken", "## Sign-Off (T+1h)", ...lines, ""].join(
    "\n\n",
  );

/** The fields a sign-off with this status records on this runbook, or its blockers' words. */
async function signs(text: string, status: "success" | "in-progress"): Promise<string[]> {
  const file = join(tempDir(), "orders.md");
  writeFileSync(file, text);
  const s = await sessionOnClock(file);
  try {
    const r = planSignoff(s.rb, s.store.state, s.store.events, s.clock.now(), { signer: "ann", status });
    return r.kind === "signed"
      ? r.fields.map((f) => f.value)
      : r.kind === "refused"
        ? r.blockers.map((b) => b.text)
        : [];
  } finally {
    await s.store.close();
  }
}

it("ticks the sign-off block's box, not a box elsewhere in the runbook", async () => {
  const text = block(
    LEAD,
    "**Deployment Status:**",
    "☐ **SUCCESS** - stable\n☐ **IN PROGRESS** - ongoing",
  ).replace("- [ ] Backup taken", "- [ ] Backup taken\n\n**Region:**\n\n☐ **eu-west-1**\n☐ **us-east-1**");
  expect(await signs(text, "in-progress")).toEqual(["ann", "IN PROGRESS"]);
});

it("ticks no box when none matches the status, the block has none, or there is no block", async () => {
  expect(await signs(block(LEAD, "**Deployment Status:**", "☐ **SUCCESS** - stable"), "in-progress")).toEqual(
    ["ann"],
  );
  expect(await signs(block(LEAD), "in-progress")).toEqual(["ann"]);
  const noBlock =
    "# Orders rollout\n\n## Prepare (T-1h)\n\n- [ ] Backup taken\n\n**Region:**\n\n☐ **eu-west-1**\n";
  expect(await signs(noBlock, "in-progress")).toEqual([]);
});

it("the role signing success is not its own blocker; another unsigned role is", async () => {
  const blockers = await signs(block(LEAD, "**Approver:** ________"), "success");
  expect(blockers.some((b) => /Approver/.test(b))).toBe(true);
  expect(blockers.some((b) => /Deployment Lead/.test(b))).toBe(false);
});
