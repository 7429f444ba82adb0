// The ledger of surviving mutants: every mutant of a folder that survived (or that no test covers),
// with the verdict and reason written beside it, kept in test/mutation/survivors/<folder>.md. Issue
// 19 asks that every survivor be killed or listed with the reason it is equivalent; this script makes
// that checkable instead of a claim spread over MUTATION.md's dated sections.
//
//   node test/scripts/mutation-ledger.mjs [source/domain ...]          rewrite the ledgers
//   node test/scripts/mutation-ledger.mjs --check [source/domain ...]  exit 1 if a ledger is out of
//                                                                      date or a row has no verdict
// Without folders: source/domain, source/engine, source/session, source/runbook.
//
// A row's id hashes the file, the mutator, the text it replaces, the replacement and which such
// mutant of the file it is, so a reason stays with its mutant when lines above it move. A mutant
// killed since drops out of the ledger; a new survivor comes in with an empty verdict. A folder with
// a file changed since its run is not written (exit 1) until that file's scopes are run again.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { folderState, isSurvivor, originalOf } from "./mutation-state.mjs";

export const VERDICTS = {
  equivalent: "no input tells the mutant from the original",
  unreachable: "the mutated code runs only for an input no caller can give (the reason names the guard)",
  "speed only": "the mutant changes how long something takes or how often it is retried, never a result",
};

const args = process.argv.slice(2);
const check = args.includes("--check");
const folders = args.filter((a) => !a.startsWith("--")).map((f) => f.replace(/\/$/, ""));
if (!folders.length) folders.push("source/domain", "source/engine", "source/session", "source/runbook");
const dir = "test/mutation/survivors";

const esc = (s) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, "⏎");
const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const code = (s) => {
  const t = cut(s.replace(/\s+/g, " ").trim(), 70);
  return t.includes("`") ? `\`\` ${esc(t)} \`\`` : `\`${esc(t)}\``;
};

// Cells split on a bar no backslash escapes.
const cells = (line) =>
  line
    .slice(1, line.trimEnd().endsWith("|") ? line.trimEnd().length - 1 : undefined)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

function readLedger(file) {
  const kept = new Map();
  if (!existsSync(file)) return kept;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!/^\| [0-9a-f]{10} \|/.test(line)) continue;
    const c = cells(line);
    kept.set(c[0], { verdict: c[4] ?? "", reason: c.slice(5).join(" | ") });
  }
  return kept;
}

async function ledger(folder) {
  const state = await folderState(folder);
  const file = join(dir, `${basename(folder)}.md`);
  const kept = readLedger(file);
  const counts = { survivors: 0, open: 0, notRun: 0, stale: [] };
  const byVerdict = Object.fromEntries(Object.keys(VERDICTS).map((v) => [v, 0]));
  const open = [];
  const sections = [];
  const used = new Set();
  for (const f of state) {
    const lines = f.content.split("\n");
    const seen = new Map();
    const rows = [];
    for (const m of f.mutants) {
      if (!m.got) counts.notRun++;
      const original = originalOf(lines, m);
      const base = `${relative(folder, f.name)}\0${m.mutatorName}\0${original}\0${m.replacement}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      if (!isSurvivor(m)) continue;
      const id = createHash("sha256").update(`${base}\0${n}`).digest("hex").slice(0, 10);
      const had = kept.get(id) ?? { verdict: "", reason: "" };
      used.add(id);
      counts.survivors++;
      if (had.verdict in VERDICTS && had.reason) byVerdict[had.verdict]++;
      else {
        counts.open++;
        open.push(
          `${f.name}:${m.location.start.line + 1} ${m.mutatorName} ${cut(original.replace(/\s+/g, " "), 50)} → ${cut(m.replacement.replace(/\s+/g, " "), 50)}`,
        );
      }
      rows.push(
        `| ${id} | ${m.location.start.line + 1} | ${m.got.status === "NoCoverage" ? "no coverage" : "survived"} | ${m.mutatorName} ${code(original)} → ${code(m.replacement)} | ${had.verdict} | ${had.reason} |`,
      );
    }
    if (f.stale.size && f.mutants.some((m) => !m.got)) counts.stale.push(relative(folder, f.name));
    if (rows.length)
      sections.push(
        `## ${relative(folder, f.name)} (${rows.length})\n\n| id | line | status | mutant | verdict | reason |\n| --- | --- | --- | --- | --- | --- |\n${rows.join("\n")}\n`,
      );
  }
  const dropped = [...kept.keys()].filter((id) => !used.has(id)).length;
  const summary = Object.entries(byVerdict)
    .map(([v, n]) => `${n} ${v}`)
    .join(", ");
  const text = `# Surviving mutants of ${folder}/

Written by \`node test/scripts/mutation-ledger.mjs ${folder}\` from the committed incremental files
(test/mutation/*.incremental.json); only the verdict and reason columns are written by hand, and they
stay with their mutant (by id) when the file is written again. A mutant killed since drops out.

Verdicts: ${Object.entries(VERDICTS)
    .map(([v, what]) => `**${v}**: ${what}`)
    .join("; ")}.

**${counts.survivors} survivors: ${summary}, ${counts.open} without a verdict. ${counts.notRun} mutants not run.**

${sections.join("\n")}`;
  const before = existsSync(file) ? readFileSync(file, "utf8") : "";
  const changed = before !== text;
  // A file changed since its run has no survivors to list: written now, its rows (and the reasons
  // in them) would be dropped. Its scopes are re-run first.
  const held = !check && changed && counts.notRun > 0;
  if (!check && changed && !held) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
  console.log(
    `${folder}: ${counts.survivors} survivors (${summary}), ${counts.open} without a verdict, ${counts.notRun} not run` +
      (counts.stale.length ? ` (stale: ${counts.stale.join(", ")})` : "") +
      (dropped ? `; ${dropped} rows dropped (killed or gone)` : "") +
      (check && changed ? `; ${file} is out of date: run it without --check` : "") +
      (held ? `; ${file} NOT written: re-run the scopes of the files not run first` : ""),
  );
  if (check) for (const o of open) console.log(`  open: ${o}`);
  return !(held || (check && (changed || counts.open || counts.notRun)));
}

let ok = true;
for (const folder of folders) ok = (await ledger(folder)) && ok;
process.exitCode = ok ? 0 : 1;
