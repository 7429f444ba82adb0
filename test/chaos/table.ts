/**
 * Global setup for the chaos suite: gives every worker one results file, and after the run prints
 * the table of faults (trials, survived, data lost) and writes it as Markdown.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type { ChaosRow } from "./record.js";

declare module "vitest" {
  export interface ProvidedContext {
    chaosResults: string;
  }
}

export default function setup(project: TestProject) {
  const file = join(mkdtempSync(join(tmpdir(), "golive-chaos-")), "results.jsonl");
  project.provide("chaosResults", file);
  return () => {
    if (!existsSync(file)) return;
    const rows = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as ChaosRow)
      .sort((a, b) => a.area.localeCompare(b.area) || a.fault.localeCompare(b.fault));
    const md = renderTable(rows);
    const out =
      process.env.GOLIVE_CHAOS_TABLE ??
      join(process.env.GOLIVE_MACHINE_TMPDIR ?? tmpdir(), "golive-chaos-table.md");
    writeFileSync(out, md);
    process.stdout.write(`\n${md}\n(table written to ${out})\n`);
  };
}

export function renderTable(rows: ChaosRow[]): string {
  const head =
    "| area | fault | trials | survived | data lost | what was checked |\n|---|---|--:|--:|--:|---|";
  const body = rows.map(
    (r) =>
      `| ${r.area} | ${r.fault} | ${r.trials} | ${r.survived} | ${r.lost} | ${r.checked.replace(/\|/g, "\\|")} |`,
  );
  const trials = rows.reduce((n, r) => n + r.trials, 0);
  const survived = rows.reduce((n, r) => n + r.survived, 0);
  const lost = rows.reduce((n, r) => n + r.lost, 0);
  return [head, ...body, `| **all** | ${rows.length} faults | ${trials} | ${survived} | ${lost} | |`].join(
    "\n",
  );
}
