/**
 * Short ASCII strings a session repeats on every event (who, the type, the data's keys), each made
 * once: event-text.ts reading a slice per event made a string to collect a hundred thousand times.
 */
import type { Slicing } from "./event-layout.js";

const MAX = 64;
const known: Buffer[] = [];
const texts: string[] = [];

/** The string of the ASCII bytes buf[from, to), the one made before when those bytes were seen. */
export function knownString(buf: Buffer, from: number, to: number): string {
  const n = to - from;
  if (n > 32) return (buf as unknown as Slicing).latin1Slice(from, to);
  for (let i = 0; i < known.length; i++) {
    const k = known[i]!;
    if (k.length !== n) continue;
    let j = 0;
    while (j < n && k[j] === buf[from + j]) j++;
    if (j === n) return texts[i]!;
  }
  const t = (buf as unknown as Slicing).latin1Slice(from, to);
  if (known.length < MAX) {
    known.push(Buffer.from(buf.subarray(from, to)));
    texts.push(t);
  }
  return t;
}
