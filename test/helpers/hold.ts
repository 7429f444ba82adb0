import type { Sandbox } from "../../source/sandbox/server.js";

export interface Hold {
  /** Resolves when the held call reached the sandbox (request) or was applied (response). */
  reached: Promise<void>;
  release(): void;
}

/**
 * Holds the `nth` (1-based, counted from now) call of `operation` in the sandbox: at "request"
 * before it is applied, at "response" after it is applied but before AWS answers (on the wire).
 */
export function hold(sb: Sandbox, operation: string, phase: "request" | "response", nth = 1): Hold {
  let seen = 0;
  const { reached, reachedP, released, release } = latch();
  const before = sb.hooks[phase];
  sb.hooks[phase] = async (op) => {
    await before?.(op);
    if (op !== operation || ++seen !== nth) return;
    reached();
    await released;
  };
  return { reached: reachedP, release };
}

/** Two one-shot signals: the held party says it got there, the test lets it go on. */
export function latch() {
  let reached!: () => void;
  let release!: () => void;
  const reachedP = new Promise<void>((r) => {
    reached = r;
  });
  const released = new Promise<void>((r) => {
    release = r;
  });
  return { reached, reachedP, released, release };
}

/** Lets pending promise callbacks and socket events run (no fixed sleep: a bounded number of turns). */
export async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}
