// `npm run mutate:named`: the mutants issue 19 names, each applied to a copy of the repository and
// run against the tests that must kill it. Stryker finds mutants by rule; these are the ones that
// matter most and that once survived the whole suite, so they are checked by name, in `npm test`'s
// own test files, in a few minutes. Exit 1 when one survives. Run it niced: `nice -n 19 npm run mutate:named`.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");

/** name, file, exact text, its replacement, and the test files (from `npm test`) that must fail. */
export const MUTANTS = [
  {
    name: "gate: green's threshold breaches no longer close the gate",
    file: "source/domain/gate.ts",
    from: 'found.push(...armEvidence(i, "green"',
    to: 'void (armEvidence(i, "green"',
    tests: ["test/unit/gate.test.ts"],
  },
  {
    name: "gate: green's error-rate threshold check deleted",
    file: "source/domain/gate.ts",
    from: "if (breachesThreshold(t.errorRate, m.errorRate)) {",
    to: "if (false) {",
    tests: ["test/unit/gate.test.ts"],
  },
  {
    name: "gate: the gate is open whatever the reasons",
    file: "source/domain/gate.ts",
    from: "allowed: details.length === 0,",
    to: "allowed: true,",
    tests: ["test/unit/gate.test.ts"],
  },
  {
    name: "fsync: the production disk's file fsync does nothing",
    file: "source/session/disk.ts",
    from: "syncFile: (fh) => fh.sync(),",
    to: "syncFile: async () => {},",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "fsync: the production disk's directory fsync does nothing",
    file: "source/session/disk.ts",
    from: "      await fh.sync();\n    } finally {",
    to: "    } finally {",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "fsync: the journal append is not fsynced",
    file: "source/session/journal.ts",
    from: "      await this.disk.syncFile(this.jh, this.journal);\n      if (created)",
    to: "      if (created)",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "fsync: a new journal's directory is not fsynced",
    file: "source/session/journal.ts",
    from: "if (created) await this.disk.syncDir(dirname(this.journal));",
    to: "",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "fsync: the temp file of an atomic replace is not fsynced",
    file: "source/session/disk.ts",
    from: "    await disk.syncFile(fh, tmp);\n",
    to: "",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "fsync: the directory is not fsynced after a rename",
    file: "source/session/disk.ts",
    from: "    await disk.unlink(tmp).catch(() => {});\n    throw e;\n  }\n  await disk.syncDir(dirname(file));",
    to: "    await disk.unlink(tmp).catch(() => {});\n    throw e;\n  }",
    tests: ["test/integration/journal.test.ts", "test/integration/fsync.test.ts"],
  },
  {
    name: "acknowledgements ignored when the state is built",
    file: "source/domain/reduce.ts",
    from: "(ids.has(a.id) ? { ...a, acknowledged: true } : a)",
    to: "a",
    tests: ["test/unit/session-domain.test.ts", "test/ui/cockpit-engine.test.tsx"],
  },
  {
    name: "acknowledgements never recorded by the engine",
    file: "source/engine/alerts.ts",
    from: 'await this.recorder.append("alert.acknowledged", { alert: a.id }, by);',
    to: "",
    tests: ["test/integration/engine.test.ts", "test/ui/cockpit-engine.test.tsx"],
  },
  {
    name: "auto-rollback: a clean period no longer resets the consecutive breaches",
    // The streak auto-rollback counts moved from the monitor to the trigger actions.
    file: "source/engine/trigger-actions.ts",
    from: "this.rollbackStreak = rollbackFindings.length ? this.rollbackStreak + 1 : 0;",
    to: "this.rollbackStreak = rollbackFindings.length ? this.rollbackStreak + 1 : this.rollbackStreak;",
    tests: ["test/integration/engine.test.ts", "test/integration/auto-rollback.test.ts"],
  },
  {
    name: "read-only: R rolls back in a read-only viewer",
    file: "source/ui/app/keys.ts",
    from: "if (!c.readOnly && ((input",
    to: "if (((input",
    tests: ["test/ui/cockpit.test.tsx", "test/unit/ui-keys.test.ts", "test/unit/read-only-keys.test.ts"],
  },
  {
    name: "read-only: writing keys are kept in a read-only viewer",
    file: "source/ui/keys/keymap.ts",
    from: "return KEYMAP.filter((b) => !b.writes).map(",
    to: "return KEYMAP.map(",
    tests: ["test/ui/cockpit.test.tsx", "test/unit/ui-keys.test.ts", "test/unit/read-only-keys.test.ts"],
  },
];

const only = process.argv.slice(2);
const chosen = only.length ? MUTANTS.filter((m) => only.some((o) => m.name.includes(o))) : MUTANTS;
const work = mkdtempSync(join(tmpdir(), "golive-named-mutants-"));
try {
  for (const part of [
    "source",
    "test",
    "scripts",
    "checklists",
    "bin",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "vitest.config.ts",
  ])
    cpSync(join(root, part), join(work, part), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(work, "node_modules"), "dir");
  const results = [];
  for (const m of chosen) {
    const file = join(work, m.file);
    const original = readFileSync(file, "utf8");
    const at = original.indexOf(m.from);
    if (at < 0 || original.indexOf(m.from, at + 1) >= 0)
      throw new Error(
        `${m.name}: the text to mutate is not found exactly once in ${m.file}; update the mutant`,
      );
    writeFileSync(file, original.slice(0, at) + m.to + original.slice(at + m.from.length));
    const started = Date.now();
    const r = spawnSync("npx", ["vitest", "run", ...m.tests], { cwd: work, encoding: "utf8" });
    writeFileSync(file, original);
    const killed = r.status !== 0;
    // Which tests killed it, so a kill by an unrelated (flaky) failure is seen for what it is.
    const text = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.replace(/\x1b\[[0-9;]*m/g, "");
    const failed = [...new Set([...text.matchAll(/^\s*FAIL\s+(.+)$/gm)].map((x) => x[1].trim()))].slice(0, 3);
    results.push({ ...m, killed, seconds: Math.round((Date.now() - started) / 1000), failed });
    console.log(
      `${killed ? "KILLED  " : "SURVIVED"} ${m.name} (${m.tests.join(", ")}, ${results.at(-1).seconds} s)`,
    );
    for (const f of failed) console.log(`           by: ${f}`);
    if (killed && !failed.length) console.log(text.split("\n").filter(Boolean).slice(-12).join("\n"));
  }
  const survived = results.filter((r) => !r.killed);
  console.log(`\nnamed mutants: ${results.length - survived.length} of ${results.length} killed`);
  process.exitCode = survived.length ? 1 : 0;
} finally {
  rmSync(work, { recursive: true, force: true });
}
