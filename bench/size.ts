/**
 * Size limits and large sessions (issue 20): time and peak RSS per input class, each a golive child
 * process measured from inside (CPU, maxRSS) and outside (wall). Targets: a refusal at `new` in
 * under 2 s and 200 MB; status / verify / export and the one-event writers (note, check, record) on a
 * session of 10,000 items and 100,000 events in under 1 s after its first load.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HOSTILE_RUNBOOKS, largeRunbook, writeLargeSession } from "../test/chaos/hostile-inputs.js";
import { type Measured, measuredGolive } from "../test/helpers/measure.js";
import { summarize, tempDir } from "./lib.js";

export interface SizeRow {
  input: string;
  command: string;
  exit: number;
  /** Medians over the runs. */
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  target: { ms: number; mb?: number };
}

export interface SizeResult {
  rows: SizeRow[];
}

async function measure(
  runs: number,
  input: string,
  command: string,
  target: SizeRow["target"],
  once: () => Promise<Measured>,
): Promise<SizeRow> {
  const all: Measured[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  const med = (f: (m: Measured) => number) => summarize(all.map(f)).p50;
  return {
    input,
    command,
    exit: all[0]!.code,
    wallMs: med((m) => m.wallMs),
    cpuMs: med((m) => m.cpuMs),
    maxRssMb: Math.max(...all.map((m) => m.maxRssMb)),
    target,
  };
}

export async function benchSize(runs: number): Promise<SizeResult> {
  const dir = tempDir("golive-bench-size-");
  const env = { GOLIVE_SESSIONS: join(dir, "sessions"), GOLIVE_USER: "bench" };
  const rows: SizeRow[] = [];
  const valid = join(dir, "large.md");
  writeFileSync(valid, largeRunbook(10_000));
  rows.push(
    await measure(runs, "big valid runbook (10,000 items, 1,000 blanks)", "new", { ms: 2000, mb: 200 }, () =>
      measuredGolive(["new", "--runbook", valid, "--t0", "2026-11-23T12:00:00Z"], env),
    ),
  );
  for (const [i, h] of HOSTILE_RUNBOOKS.entries()) {
    const file = join(dir, `hostile-${i}.md`);
    writeFileSync(file, h.make());
    rows.push(
      await measure(runs, `${h.name} (before: ${h.before})`, "new (refused)", { ms: 2000, mb: 200 }, () =>
        measuredGolive(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"], env),
      ),
    );
  }
  const large = join(dir, "large-session");
  mkdirSync(large, { mode: 0o700 });
  const file = writeLargeSession(large, largeRunbook(10_000), 10_000, 100_000);
  const lenv = { ...env, GOLIVE_SESSIONS: large };
  const input = "session: 10,000 items, 100,000 events";
  rows.push(
    await measure(1, input, "note (first load, a writer)", { ms: Number.POSITIVE_INFINITY }, () =>
      measuredGolive(["note", "first load"], lenv),
    ),
  );
  for (const [command, args] of [
    // Writers after the first load: opened from the kept state, one event appended to the journal,
    // the document's events never parsed (session/kept-open.ts, session/journal.ts).
    ["note (a writer, after the first load)", ["note", "later"]],
    ["check (a writer)", ["check", "i1", "--note", "bench"]],
    ["record (a writer)", ["record", "f1", "bench"]],
    ["status", ["status"]],
    ["status --json", ["status", "--json"]],
    ["verify", ["verify", file]],
    ["export (Markdown)", ["export", "--force", "--out", join(dir, "record.md")]],
    ["export --format json", ["export", "--force", "--format", "json", "--out", join(dir, "record.json")]],
  ] as const)
    rows.push(await measure(runs, input, command, { ms: 1000 }, () => measuredGolive([...args], lenv)));
  return { rows };
}

export function sizeMarkdown(r: SizeResult, verdict: (ok: boolean) => string): string[] {
  const lines = [
    "## 7. Size limits and large sessions",
    "",
    "Each a golive child process: wall time from outside, CPU time and peak RSS (maxRSS) from inside; medians. A refusal must be exit 3 with file:line in under 2 s and 200 MB; commands on the large session in under 1 s after the first load (CPU time is the fair figure on a shared box).",
    "",
    "| input | command | exit | wall | CPU | peak RSS | target |",
    "|---|---|--:|--:|--:|--:|---|",
  ];
  for (const x of r.rows) {
    const ok = x.cpuMs < x.target.ms && (x.target.mb === undefined || x.maxRssMb < x.target.mb);
    const target = Number.isFinite(x.target.ms)
      ? `< ${x.target.ms / 1000} s${x.target.mb ? `, < ${x.target.mb} MB` : ""}: ${verdict(ok)}`
      : "(first load: parses and caches)";
    lines.push(
      `| ${x.input} | ${x.command} | ${x.exit} | ${(x.wallMs / 1000).toFixed(2)} s | ${(x.cpuMs / 1000).toFixed(2)} s | ${x.maxRssMb.toFixed(0)} MB | ${target} |`,
    );
  }
  lines.push("");
  return lines;
}
