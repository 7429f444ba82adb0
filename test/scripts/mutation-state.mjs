// What the committed incremental files say of a folder's mutants as its files stand now: shared by
// mutation-folder.mjs (the scores) and mutation-ledger.mjs (the survivors and why each is left).
//
// Every file's mutants are counted by Stryker's own instrumenter on the file as it is now. A result
// in test/mutation/<scope>.incremental.json counts only when the source stored with it is the file's
// current text (a file changed since its run is "stale" there: Stryker would re-test what changed,
// this script does not guess), and a mutant counts as killed when any scope killed it (each scope's
// tests are files of the suite, so a kill in one is a kill by the suite).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Instrumenter } from "@stryker-mutator/instrumenter";

export const RANK = {
  Killed: 5,
  Timeout: 5,
  Survived: 3,
  NoCoverage: 2,
  Ignored: 1,
  CompileError: 1,
  RuntimeError: 1,
};

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();

// The instrumenter counts lines and columns from 0, the report from 1.
const keyOf = (loc, mutator, replacement, base) =>
  `${loc.start.line + base}:${loc.start.column + base}-${loc.end.line + base}:${loc.end.column + base} ${mutator} ${replacement}`;

const nop = () => {};
const quiet = { warn: console.warn, error: console.error, fatal: console.error };
const logger = new Proxy(quiet, { get: (t, p) => t[p] ?? (String(p).startsWith("is") ? () => false : nop) });

/** Each file of the folder: its text, its mutants (with `got`: the best status any scope gave it, or
 * undefined when none has run it on this text), the scopes that scored it and those gone stale. */
export async function folderState(folder, dir = "test/mutation") {
  const files = filesUnder(folder);
  const instrumenter = new Instrumenter(logger);
  const state = new Map();
  for (const name of files) {
    const content = readFileSync(name, "utf8");
    const { mutants } = await instrumenter.instrument([{ name, content, mutate: true }], {
      plugins: null,
      excludedMutations: [],
      ignorers: [],
    });
    state.set(name, {
      name,
      content,
      mutants: mutants.map((m) => ({ ...m, key: keyOf(m.location, m.mutatorName, m.replacement, 1) })),
      best: new Map(),
      scopes: new Set(),
      stale: new Set(),
    });
  }
  for (const inc of readdirSync(dir)
    .filter((f) => f.endsWith(".incremental.json"))
    .sort()) {
    const scope = inc.replace(/\.incremental\.json$/, "");
    const report = JSON.parse(readFileSync(join(dir, inc), "utf8"));
    for (const [file, f] of Object.entries(report.files ?? {})) {
      const r = state.get(relative(".", file));
      if (!r) continue;
      if (f.source !== r.content) {
        r.stale.add(scope);
        continue;
      }
      for (const m of f.mutants) {
        const key = keyOf(m.location, m.mutatorName, m.replacement ?? "", 0);
        const had = r.best.get(key);
        if (!had || RANK[m.status] > RANK[had.status]) r.best.set(key, { status: m.status, scope });
        r.scopes.add(scope);
      }
    }
  }
  for (const r of state.values()) {
    for (const m of r.mutants) m.got = r.best.get(m.key);
    r.stale = new Set([...r.stale].filter((s) => !r.scopes.has(s)));
  }
  return [...state.values()];
}

export const isSurvivor = (m) => m.got && (m.got.status === "Survived" || m.got.status === "NoCoverage");

/** The original text a mutant replaces, from the file's lines. */
export function originalOf(lines, m) {
  const { start, end } = m.location;
  if (start.line === end.line) return lines[start.line].slice(start.column, end.column);
  return [
    lines[start.line].slice(start.column),
    ...lines.slice(start.line + 1, end.line),
    lines[end.line].slice(0, end.column),
  ].join("\n");
}
