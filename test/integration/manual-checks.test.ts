/**
 * Issue 13: what golive cannot measure is a manual check — listed at status and in the record, never
 * shown as met — until a named person confirms it clear (`golive confirm ID`), recorded with who,
 * when and what was checked.
 */
import { describe, expect, it } from "vitest";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { T0 } from "../helpers/sandbox.js";

describe("manual checks confirmed by a named person", () => {
  it("deployment.md: the numberless triggers are open checks until confirmed; confirm records who and is in status, --json and the record", async () => {
    const sessions = tempDir("runbook-manual-");
    const clock = fixedClock(new Date(T0).toISOString());
    const g = (args: string[], env?: Record<string, string>) => golive(args, { sessions, clock, env });
    expect((await g(["new", "--runbook", "checklists/deployment.md", "--t0", "now+1h"])).code).toBe(0);
    const list = await g(["confirm", "--list"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.trimEnd().split("\n")).toEqual([
      "m314  Critical functionality broken (line 314) — OPEN — check by hand, then: golive confirm m314 [holds the Go decision and each later step]",
      "m315  Data corruption detected (line 315) — OPEN — check by hand, then: golive confirm m315 [holds the Go decision and each later step]",
      "m316  Security incident (line 316) — OPEN — check by hand, then: golive confirm m316 [holds the Go decision and each later step]",
      "m405  Data issues detected (line 405) — OPEN — check by hand, then: golive confirm m405 [holds the Go decision and each later step]",
    ]);

    const bad = await g(["confirm", "m999"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain('no manual check "m999"; the runbook\'s are: m314, m315, m316, m405');

    clock.advance(5 * 60_000);
    const ok = await g(["confirm", "m315", "--note", "checksums match on the replica"], {
      GOLIVE_USER: "Dana",
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^confirmed clear: Data corruption detected \(line 315\) by Dana \(#\d+\)/);

    const status = (await g(["status"])).stdout;
    expect(status).toContain("manual checks (golive confirm ID):");
    expect(status).toContain(
      "  m315  Data corruption detected (line 315) — confirmed clear by Dana at 2026-11-23T12:05:00.000Z — checksums match on the replica",
    );
    expect(status).toContain("  m314  Critical functionality broken (line 314) — OPEN");
    const json = JSON.parse((await g(["status", "--json"])).stdout) as {
      manualChecks: { id: string; confirmed: { by: string } | null }[];
    };
    expect(json.manualChecks.map((c) => [c.id, c.confirmed?.by ?? null])).toEqual([
      ["m314", null],
      ["m315", "Dana"],
      ["m316", null],
      ["m405", null],
    ]);
    const record = (await g(["export", "--out", "-"])).stdout;
    expect(record).toContain("- **Manual checks (golive cannot measure these):**");
    expect(record).toContain("confirmed clear by Dana");
    expect(record).toMatch(/manual check m315 confirmed clear \(line 315: Data corruption detected\)/);
  });
});
