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

/**
 * The words of one simple command. The scanner (shell-scan.ts) has already cut comments, which bash
 * starts only at a word's start; shell-quote starts one at any `#`, so `x=1#2 kubectl scale …` was
 * the one word `x=1` and the scale was never seen. Every `#` left outside quotes is escaped first.
 */
export function wordsOf(text: string): string[] {
  let entries: ReturnType<typeof parse>;
  try {
    entries = parse(literalHashes(text), (name) => `$${name}`);
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

function literalHashes(text: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') {
        out += c + (text[++i] ?? "");
        continue;
      }
      if (c === quote) quote = undefined;
      out += c;
    } else if (c === "\\") out += c + (text[++i] ?? "");
    else if (c === "$" && text[i + 1] === "{") {
      // `${x#prefix}` is an expansion, which shell-quote reads whole.
      const end = text.indexOf("}", i);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === "'" || c === '"') {
      quote = c;
      out += c;
    } else out += c === "#" ? "\\#" : c;
  }
  return out;
}
