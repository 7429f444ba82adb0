/** Small scanners under the shell scan: line counts, matching parentheses, a command's words. */
import { parse } from "shell-quote";

export function countLines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === "\n") n++;
  return n;
}

/** The `)` closing the `(` at `open`, skipping quoted text and nested parentheses. */
export function matchingParen(s: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return s.length;
}

export function wordsOf(text: string): string[] {
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(text, (name) => `$${name}`);
  } catch {
    entries = text.split(/\s+/);
  }
  const words: string[] = [];
  for (const e of entries) {
    if (typeof e === "string") words.push(e);
    else if ("pattern" in e) words.push(e.pattern);
    // Redirections and other operators are not words of the command.
  }
  return words;
}
