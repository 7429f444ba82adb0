// Prints the Markdown for test/MUTATION.md from a Stryker JSON report: the score per file and every
// surviving (or uncovered) mutant with its line, mutator, the code it replaced and the replacement.
// Usage: node test/scripts/mutation-summary.mjs test/mutation/decisions.report.json
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2], "utf8"));
const rows = [];
const left = [];
let killedAll = 0;
let validAll = 0;
for (const [file, f] of Object.entries(report.files).sort()) {
  const lines = f.source.split("\n");
  const by = (s) => f.mutants.filter((m) => s.includes(m.status)).length;
  const killed = by(["Killed", "Timeout"]);
  const valid = killed + by(["Survived", "NoCoverage"]);
  killedAll += killed;
  validAll += valid;
  rows.push(
    `| ${file} | ${valid ? ((100 * killed) / valid).toFixed(1) : "—"} % | ${killed} | ${by(["Survived"])} | ${by(["NoCoverage"])} | ${by(["Ignored", "CompileError", "RuntimeError"])} |`,
  );
  for (const m of f.mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage")) {
    const { start, end } = m.location;
    const original =
      start.line === end.line
        ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
        : `${lines[start.line - 1].slice(start.column - 1)} …`;
    const cut = (s) => (s.length > 70 ? `${s.slice(0, 67)}…` : s).replace(/\|/g, "\\|").replace(/\n/g, " ");
    left.push(
      `| ${file}:${start.line} | ${m.status} | ${m.mutatorName} | \`${cut(original.trim())}\` → \`${cut((m.replacement ?? "").trim())}\` |`,
    );
  }
}
console.log(
  `Score: ${((100 * killedAll) / validAll).toFixed(1)} % (${killedAll} of ${validAll} killed or timed out)\n`,
);
console.log(
  "| file | score | killed | survived | no coverage | ignored/errors |\n| --- | --- | --- | --- | --- | --- |",
);
console.log(rows.join("\n"));
console.log(`\n| where | status | mutator | original → mutant |\n| --- | --- | --- | --- |`);
console.log(left.join("\n"));
