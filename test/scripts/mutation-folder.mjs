// A folder's mutation score as it stands, file by file, from the committed incremental files: which
// of its files Stryker has scored whole, in part or not at all, so "N % on domain/" can be checked
// rather than added up by hand from MUTATION.md's sections.
// Usage: node test/scripts/mutation-folder.mjs source/domain [--survivors]
//
// Every file's mutants are counted by Stryker's own instrumenter on the file as it is now. A result
// in test/mutation/<scope>.incremental.json counts only when the source stored with it is the file's
// current text (a file changed since its run is "stale" there: Stryker would re-test what changed,
// this script does not guess), and a mutant counts as killed when any scope killed it (each scope's
// tests are files of the suite, so a kill in one is a kill by the suite). Killed includes timeouts;
// scored = killed + survived + without coverage; static mutants (ignoreStatic) and compile errors are
// outside the score, as in Stryker's; a mutant no run has reached is "not run".
import { relative } from "node:path";
import { folderState, isSurvivor, originalOf, RANK } from "./mutation-state.mjs";

const folder = process.argv[2]?.replace(/\/$/, "");
if (!folder) throw new Error("usage: node test/scripts/mutation-folder.mjs <folder> [--survivors]");
const withSurvivors = process.argv.includes("--survivors");
const state = await folderState(folder);

const rows = [];
const left = [];
const total = { files: 0, whole: 0, part: 0, none: 0, empty: 0, mutants: 0, killed: 0, scored: 0, notRun: 0 };
for (const r of state) {
  const { name, content, mutants } = r;
  const c = { killed: 0, survived: 0, noCoverage: 0, outside: 0, notRun: 0 };
  const lines = content.split("\n");
  for (const m of mutants) {
    const { got } = m;
    if (!got) c.notRun++;
    else if (RANK[got.status] === 5) c.killed++;
    else if (got.status === "Survived") c.survived++;
    else if (got.status === "NoCoverage") c.noCoverage++;
    else c.outside++;
    if (withSurvivors && isSurvivor(m)) {
      const { start, end } = m.location;
      const text =
        start.line === end.line ? originalOf(lines, m) : `${lines[start.line].slice(start.column)} …`;
      const cut = (s) => (s.length > 60 ? `${s.slice(0, 57)}…` : s).replace(/\|/g, "\\|").replace(/\n/g, " ");
      left.push(
        `| ${relative(folder, name)}:${start.line + 1} | ${got.status} | ${m.mutatorName} | \`${cut(text.trim())}\` → \`${cut(m.replacement.trim())}\` |`,
      );
    }
  }
  const scored = c.killed + c.survived + c.noCoverage;
  const state =
    mutants.length === 0
      ? "no mutants"
      : c.notRun === 0
        ? "whole"
        : c.notRun === mutants.length
          ? "none"
          : "part";
  total.files++;
  total[{ "no mutants": "empty", whole: "whole", part: "part", none: "none" }[state]]++;
  total.mutants += mutants.length;
  total.killed += c.killed;
  total.scored += scored;
  total.notRun += c.notRun;
  const pct = scored ? `${((100 * c.killed) / scored).toFixed(1)} %` : "—";
  const stale = [...r.stale];
  rows.push(
    `| ${relative(folder, name)} | ${state} | ${mutants.length} | ${c.killed} / ${scored} | ${pct} | ${c.survived} | ${c.noCoverage} | ${c.outside} | ${c.notRun} | ${[...r.scopes].join(", ")}${stale.length ? ` (stale: ${stale.join(", ")})` : ""} |`,
  );
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : "—");
console.log(
  `${folder}: ${total.files} files (${total.empty} without a mutant); scored whole ${total.whole}, in part ${total.part}, not at all ${total.none}. ` +
    `${total.mutants} mutants: ${total.killed} killed of ${total.scored} scored (${pct(total.killed, total.scored)} %), ${total.notRun} not run.\n`,
);
console.log(
  "| file | scored | mutants | killed / scored | score | survived | no coverage | static, errors | not run | scopes |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
);
console.log(rows.join("\n"));
if (withSurvivors) {
  console.log("\n| where | status | mutator | original → mutant |\n| --- | --- | --- | --- |");
  console.log(left.join("\n"));
}
