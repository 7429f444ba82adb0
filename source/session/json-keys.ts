/**
 * Duplicate keys in a JSON object: `JSON.parse` silently keeps the last, so a second `"events"`
 * could hide the real record behind an edited one. One linear pass over the text (strings are
 * skipped with indexOf, so a session of a few MB costs a few milliseconds).
 */
export interface DuplicateKey {
  key: string;
  line: number;
  column: number;
}

/** Keys seen in one open object: a list while it is short (a session's objects hold a handful), then a Set. */
type Seen = string[] | Set<string>;

/** Whether `key` was seen before in this object; remembers it. A list's linear scan is cheaper
 * than a Set for a few keys, and 200,000 small objects per session would each allocate a Set. */
function seenBefore(seen: Seen, key: string): boolean {
  if (Array.isArray(seen)) {
    for (let i = 0; i < seen.length; i++) if (seen[i] === key) return true;
    seen.push(key);
    return false;
  }
  if (seen.has(key)) return true;
  seen.add(key);
  return false;
}

export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // One entry per open container: the keys seen for an object, null for an array.
  const stack: (Seen | null)[] = [];
  let expectKey = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return undefined; // unterminated: JSON.parse reports it
        let k = j - 1;
        while (text.charCodeAt(k) === 0x5c /* \ */) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        // Most keys hold no escape: slicing is exact and many times cheaper than JSON.parse per key.
        const raw = text.slice(i + 1, j);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        if (seenBefore(top, key)) return { key, ...lineColumn(text, i) };
        // A long object (a hand-built file) turns into a Set, so the scan stays linear.
        if (Array.isArray(top) && top.length > 16) stack[stack.length - 1] = new Set(top);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push([]);
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}
