/**
 * Oversized and pathological runbooks (issue 20 "Size") are refused at `new` with exit 3 and
 * file:line, each in a child process measured from inside (CPU time, peak RSS); and a large valid
 * session (10,000 items, 100,000 events) answers status, verify and export after its first load.
 * The bounds asserted here are looser than the targets (< 2 s and < 200 MB per refusal,
 * < 1 s per command) so a loaded CI box does not fail them; the figures are written to the table
 * and `npm run bench` (bench/size.ts) records them against the targets.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { measuredGolive } from "../helpers/measure.js";
import { tempDir } from "../helpers/paths.js";
import { HOSTILE_RUNBOOKS, largeRunbook, writeLargeSession } from "./hostile-inputs.js";
import { row } from "./record.js";

describe("hostile sizes", () => {
  it("each oversized or pathological runbook is refused at new: exit 3, file:line, fast and small", async () => {
    const dir = tempDir("hostile-size-");
    const figures: string[] = [];
    await row(
      {
        area: "hostile",
        fault: `oversized / deep runbooks at new (${HOSTILE_RUNBOOKS.map((h) => h.name).join("; ")})`,
        get checked() {
          return `exit 3 with file:line:col, CPU < 2 s, peak RSS < 200 MB each; measured: ${figures.join("; ")}`;
        },
      },
      async () => {
        const out: boolean[] = [];
        for (const [i, h] of HOSTILE_RUNBOOKS.entries()) {
          const file = join(dir, `hostile-${i}.md`);
          writeFileSync(file, h.make());
          const r = await measuredGolive(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"], {
            GOLIVE_SESSIONS: join(dir, "sessions"),
            GOLIVE_USER: "mallory",
          });
          figures.push(`${h.name} ${(r.cpuMs / 1000).toFixed(2)} s ${r.maxRssMb.toFixed(0)} MB`);
          const shown = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          const located = new RegExp(`^golive: (?:${shown}|hostile-${i}\\.md):\\d+:\\d+: `).test(r.stderr);
          out.push(r.code === 3 && located && r.cpuMs < 2000 && r.maxRssMb < 200);
        }
        return out;
      },
    );
  }, 600_000);

  it("a session of 10,000 items and 100,000 events: status, verify and export answer after the first load", async () => {
    const dir = tempDir("hostile-large-");
    const sessions = join(dir, "sessions");
    mkdirSync(sessions, { mode: 0o700 });
    const file = writeLargeSession(sessions, largeRunbook(10_000), 10_000, 100_000);
    const env = { GOLIVE_SESSIONS: sessions, GOLIVE_USER: "lead" };
    const figures: string[] = [];
    await row(
      {
        area: "hostile",
        fault: "large session (10,000 items, 100,000 events): status, verify, export after the first load",
        get checked() {
          return `each answers correctly, under 5 s CPU (target 1 s: bench/size.ts); measured: ${figures.join("; ")}`;
        },
      },
      async () => {
        const out: boolean[] = [];
        // The first load is the lead's own write (a writer leaves the "already checked" marker).
        const first = await measuredGolive(["note", "loaded"], env);
        figures.push(`first load (note) ${(first.cpuMs / 1000).toFixed(2)} s`);
        out.push(first.code === 0);
        for (const [what, args, ok] of [
          ["status", ["status"], (s: string) => s.includes("Large go-live")],
          // 100,000 written plus the first load's note.
          ["verify", ["verify", file], (s: string) => s.includes("100001 events, chain intact")],
          ["export", ["export", "--out", join(dir, "record.md")], (s: string) => s.includes("100001 events")],
        ] as const) {
          const r = await measuredGolive([...args], env);
          figures.push(`${what} ${(r.cpuMs / 1000).toFixed(2)} s ${r.maxRssMb.toFixed(0)} MB`);
          out.push(r.code === 0 && ok(r.stdout) && r.cpuMs < 5000);
        }
        return out;
      },
    );
  }, 600_000);
});
