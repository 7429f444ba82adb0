/**
 * `golive new` keeps the parse of the runbook its session stores, so the first command after it
 * does not parse again (1.5 s of CPU for a 10,000-item runbook). The built CLI, as a lead runs it.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { measuredGolive } from "../helpers/measure.js";
import { ROOT, tempDir } from "../helpers/paths.js";

const T0 = "2026-11-23T12:00:00Z";

function kept(sessions: string): string[] {
  try {
    return readdirSync(join(sessions, ".cache")).filter((n) => n.startsWith("runbook-"));
  } catch {
    return [];
  }
}

describe("golive new keeps its parse of the runbook", () => {
  it("the first status reads the parse new kept, and it is the runbook status would have parsed", async () => {
    const dir = tempDir("new-keeps-");
    const sessions = join(dir, "sessions");
    const file = join(dir, "deployment.md");
    copyFileSync(join(ROOT, "checklists", "deployment.md"), file);
    const env = { GOLIVE_SESSIONS: sessions, GOLIVE_USER: "ann", GOLIVE_NOW: "2026-11-23T11:00:00Z" };
    const created = await measuredGolive(["new", "--runbook", file, "--t0", T0], env);
    expect(created.code, created.stderr).toBe(0);
    const [name] = kept(sessions);
    expect(name).toMatch(/^runbook-[0-9a-f]{32}-[0-9a-f]+\.json$/);
    const path = join(sessions, ".cache", name!);
    const entry = JSON.parse(readFileSync(path, "utf8"));
    expect(entry.file).toBe(file);
    // The same parse a later command makes: drop the kept one, let status parse and keep its own.
    const status = await measuredGolive(["status"], env);
    expect(status.code, status.stderr).toBe(0);
    writeFileSync(path, "{ damaged");
    expect((await measuredGolive(["status"], env)).stdout).toBe(status.stdout);
    expect(JSON.parse(readFileSync(path, "utf8"))).toStrictEqual(entry);
    // And status reads it: a marked title shows.
    entry.runbook.title = "Kept by new";
    writeFileSync(path, JSON.stringify(entry));
    expect((await measuredGolive(["status"], env)).stdout).toContain("Kept by new");
  }, 120_000);

  it("keeps nothing when the runbook holds a secret: the session stores a redacted text", async () => {
    const dir = tempDir("new-keeps-secret-");
    const sessions = join(dir, "sessions");
    const file = join(dir, "secret.md");
    writeFileSync(file, "# Secret\n\n- [ ] Keys: AKIAIOSFODNN7EXAMPLE\n- [ ] Done\n");
    const created = await measuredGolive(["new", "--runbook", file, "--t0", T0], {
      GOLIVE_SESSIONS: sessions,
      GOLIVE_USER: "ann",
    });
    expect(created.code, created.stderr).toBe(0);
    expect(kept(sessions)).toEqual([]);
  }, 120_000);
});
