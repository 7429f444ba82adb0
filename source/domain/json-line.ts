/**
 * The line a value sits on in a JSON text, by its path (`["team", "s3", "bucket"]`): config errors
 * point at file:line the way runbook errors do. A small scanner over JSON's own tokens (strings,
 * brackets, commas, colons); the text is already known to parse. The deepest part of the path that
 * exists is used, so a missing field points at the object it is missing from.
 */
export function jsonLine(text: string, path: readonly (string | number)[]): number {
  let i = 0;
  let line = 1;
  const skip = () => {
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === "\n") line++;
      else if (c !== " " && c !== "\t" && c !== "\r") return;
    }
  };
  const string = (): string => {
    const start = i;
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  /** Skips one value, counting the lines it spans. */
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '"') return void string();
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      for (;;) {
        skip();
        if (text[i] === close || i >= text.length) return void i++;
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (c === "{") {
          string();
          skip();
          i++; // the colon
        }
        value();
      }
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
  };
  skip();
  let found = line;
  for (const part of path) {
    skip();
    const open = text[i];
    if (open !== "{" && open !== "[") return found;
    i++;
    let index = 0;
    let hit = false;
    for (;;) {
      skip();
      if (text[i] === "}" || text[i] === "]" || i >= text.length) return found;
      if (text[i] === ",") {
        i++;
        continue;
      }
      let key: string | number = index++;
      if (open === "{") {
        key = string();
        skip();
        i++;
      }
      skip();
      if (key === part) {
        found = line;
        hit = true;
        break;
      }
      value();
    }
    if (!hit) return found;
  }
  return found;
}
