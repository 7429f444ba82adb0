/** Seeded generators and mutators for the fuzzers: the same seed gives the same 10,000 cases. */
import { UserError } from "../../source/domain/errors.js";

export function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    // xorshift32: fast, and enough to spread cases; it only has to be repeatable.
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
export type Rng = ReturnType<typeof rng>;

const NASTY = [
  "\u0000",
  "\uFFFD",
  "\u202E",
  "\u200B",
  "🚀",
  "é",
  "\r\n",
  "\r",
  "\t",
  "\\",
  "`",
  '"',
  "'",
  "$(rm -rf /)",
  "%s%n",
  "<!--",
  "-->",
  "|",
  "[",
  "]",
  "{",
  "}",
  "9".repeat(40),
  "-1",
  "NaN",
  "1e309",
  "__proto__",
  "constructor",
];

/** Byte-level and token-level damage: flips, cuts, duplicates, inserts. */
export function mutateText(r: Rng, text: string, tokens: readonly string[]): string {
  let s = text;
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    const at = r.int(s.length + 1);
    switch (r.int(7)) {
      case 0:
        s = s.slice(0, at) + String.fromCharCode(r.int(0x3000)) + s.slice(at + 1);
        break;
      case 1:
        s = s.slice(0, at) + s.slice(at + 1 + r.int(40));
        break;
      case 2: {
        const len = r.int(200);
        s = s.slice(0, at) + s.slice(at, at + len) + s.slice(at);
        break;
      }
      case 3:
        s = s.slice(0, at) + r.pick(tokens) + s.slice(at);
        break;
      case 4:
        s = s.slice(0, at) + r.pick(NASTY) + s.slice(at);
        break;
      case 5:
        s = s.slice(0, at);
        break;
      default: {
        const lines = s.split("\n");
        const a = r.int(lines.length);
        const b = r.int(lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join("\n");
      }
    }
  }
  return s;
}

export interface FuzzTally {
  cases: number;
  accepted: number;
  refused: number;
  crashed: { input: string; error: string }[];
  slowestMs: number;
}

export function tally(): FuzzTally {
  return { cases: 0, accepted: 0, refused: 0, crashed: [], slowestMs: 0 };
}

/**
 * One case: the loader either accepts, or refuses with a user error whose one line names the file
 * (and where there is one, line and column). Anything else (a TypeError, a RangeError, a stack) is a
 * crash. `named` is the file name the message must start with.
 */
export async function runCase(
  t: FuzzTally,
  input: string,
  named: string,
  fn: () => unknown,
  oneLine = true,
): Promise<void> {
  const started = performance.now();
  t.cases++;
  try {
    await fn();
    t.accepted++;
  } catch (e) {
    const ok =
      e instanceof UserError &&
      e.message.startsWith(named) &&
      e.message.length < 2000 &&
      (!oneLine || !e.message.includes("\n"));
    if (ok) t.refused++;
    else if (t.crashed.length < 5)
      t.crashed.push({
        input: input.slice(0, 300),
        error: `${(e as Error)?.name}: ${(e as Error)?.message}`.slice(0, 500),
      });
    else t.crashed.push({ input: "", error: "" });
  }
  t.slowestMs = Math.max(t.slowestMs, performance.now() - started);
}
