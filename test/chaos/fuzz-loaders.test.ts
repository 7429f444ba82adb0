/** The config loader and the session loader fed 10,000 generated and mutated files each. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvConfig } from "../../source/commands/env-config.js";
import { SessionStore } from "../../source/session/store.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";
import { mutateText, type Rng, rng, runCase, tally } from "./fuzz-helpers.js";
import { recordChaos } from "./record.js";

/** Deep equality of two JSON values with object keys in any order. */
function sameJson(a: unknown, b: unknown): boolean {
  const sorted = (_: string, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v;
  return JSON.stringify(a, sorted) === JSON.stringify(b, sorted);
}

const CASES = 10_000;
const JSON_TOKENS = [
  '"',
  ",",
  ":",
  "{",
  "}",
  "[",
  "]",
  "null",
  "true",
  "-0",
  "1e999",
  '"\\u0000"',
  '"x":',
  "\\",
];

/** Structural damage to a JSON value: drop, retype, duplicate or swap what is inside. */
function mutateValue(r: Rng, v: unknown, depth = 0): unknown {
  const odd = [null, 0, -1, 1e308, "", "x".repeat(r.int(300)), [], {}, true, "__proto__", { $ref: 1 }];
  if (depth > 4 || r.next() < 0.15) return r.next() < 0.5 ? r.pick(odd) : v;
  if (Array.isArray(v)) {
    const a = v.map((x) => (r.next() < 0.2 ? mutateValue(r, x, depth + 1) : x));
    if (a.length && r.next() < 0.3) a.splice(r.int(a.length), 1);
    if (a.length > 1 && r.next() < 0.3) {
      const i = r.int(a.length);
      const j = r.int(a.length);
      [a[i], a[j]] = [a[j], a[i]];
    }
    if (a.length && r.next() < 0.2) a.push(a[r.int(a.length)]);
    return a;
  }
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    if (!keys.length) return o;
    const k = r.pick(keys);
    switch (r.int(4)) {
      case 0:
        delete o[k];
        break;
      case 1:
        o[k] = mutateValue(r, o[k], depth + 1);
        break;
      case 2:
        o[`${k}_extra`] = r.pick(odd);
        break;
      default:
        o[k] = mutateValue(r, o[k], depth + 1);
        o[r.pick(keys)] = mutateValue(r, o[r.pick(keys)], depth + 1);
    }
    return o;
  }
  return r.next() < 0.5 ? r.pick(odd) : v;
}

/** Half the cases damage the text (mostly invalid JSON), half the structure (valid JSON, wrong shape). */
function mutant(r: Rng, text: string): string {
  if (r.next() < 0.5) return mutateText(r, text, JSON_TOKENS);
  return JSON.stringify(mutateValue(r, JSON.parse(text)), null, r.int(3));
}

describe("fuzz: config and session loaders", () => {
  it(`environment config: ${CASES} mutated files, accepted or refused naming the file and every bad field`, async () => {
    const dir = tempDir();
    const good = readFileSync(join(ROOT, "checklists", "environment.example.json"), "utf8");
    const r = rng(7);
    const t = tally();
    const file = join(dir, "env.json");
    for (let i = 0; i < CASES; i++) {
      const text = mutant(r, good);
      writeFileSync(file, text);
      // A config's problems are one line per bad field, each naming the file: several lines are right here.
      await runCase(t, text, file, () => loadEnvConfig(file), false);
    }
    recordChaos({
      area: "input",
      fault: "environment config fuzzing (text + structure mutations)",
      trials: t.cases,
      survived: t.cases - t.crashed.length,
      lost: 0,
      checked: `${t.accepted} accepted, ${t.refused} refused naming the file, one line per bad field; slowest ${t.slowestMs.toFixed(0)} ms`,
    });
    expect(t.crashed).toEqual([]);
    expect(t.refused).toBeGreaterThan(CASES / 2);
  });

  it(`session file: ${CASES} damaged sessions, refused naming the file (or accepted only when intact); never rewritten`, async () => {
    const home = tempDir();
    const { store } = await newSeedSession(home);
    for (let i = 0; i < 40; i++) {
      await store.append(
        i % 3 ? "note.added" : "item.checked",
        i % 3 ? { text: `n${i}` } : { item: `i${1 + i}` },
        "lead",
      );
    }
    await store.close();
    const good = readFileSync(store.file, "utf8");
    const intact = JSON.parse(good);
    const r = rng(11);
    const t = tally();
    let acceptedButChanged = 0;
    let rewritten = 0;
    const dir = join(tempDir(), "sessions");
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, "fuzz.json");
    for (let i = 0; i < CASES; i++) {
      const text = mutant(r, good);
      writeFileSync(file, text);
      // Every 20th case opens for writing, as the cockpit would: a refused file must stay byte-identical.
      const write = i % 20 === 0;
      await runCase(t, text, file, async () => {
        const s = await SessionStore.open(file, { write });
        // Same content, whatever the key order: JSON objects are unordered (a mutant that swaps two
        // keys of an event is the same event, and its chain still verifies).
        const same = sameJson(s.events, intact.events);
        await s.close();
        if (!same) acceptedButChanged++;
      });
      if (write && readFileSync(file, "utf8") !== text) rewritten++;
    }
    recordChaos({
      area: "input",
      fault: "session file fuzzing (text + structure mutations)",
      trials: t.cases,
      survived: t.cases - t.crashed.length - acceptedButChanged - rewritten,
      lost: acceptedButChanged + rewritten,
      checked: `${t.refused} refused naming the file (hint: the .bak), ${t.accepted} accepted and every one carried the intact event log; ${CASES / 20} opened for writing, none rewritten; slowest ${t.slowestMs.toFixed(0)} ms`,
    });
    expect(t.crashed).toEqual([]);
    expect(acceptedButChanged).toBe(0);
    expect(rewritten).toBe(0);
  });
});
