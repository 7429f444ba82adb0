/** Reading a command's words: wrappers dropped, positional words and option values found. */
/** Words that run the next words as a command: `sudo kubectl …`, `env A=1 aws …`, `time helm …`. */
const WRAPPERS = new Set(["sudo", "env", "time", "nohup", "command", "exec", "nice", "xargs", "watch"]);

/** Wrapper options that take a value (`sudo -u root`, `timeout 30`, `watch -n 5`). */
const WRAPPER_VALUE_OPTS = new Set(["-u", "-g", "-n", "-s", "-k", "-C", "-I", "-L", "-P"]);

/** Drops `A=1` assignments and wrappers (`sudo -u x`, `timeout 30`) in front of the real command. */
export function unwrap(words: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    const w = basename(words[i] ?? "");
    if (WRAPPERS.has(w) || w === "timeout") {
      i++;
      if (w === "timeout") {
        // `-s KILL` and `-k 5` take a value: skipped as one word, the value became the command.
        while (words[i]?.startsWith("-")) i += WRAPPER_VALUE_OPTS.has(words[i]!) ? 2 : 1;
        i++; // the duration
      }
      while (words[i]?.startsWith("-")) i += WRAPPER_VALUE_OPTS.has(words[i]!) ? 2 : 1;
      continue;
    }
    return words.slice(i);
  }
}

/** The first `n` words that are not options (or an option's value). */
export function positional(words: string[], valueOpts: Set<string>, n: number): (string | undefined)[] {
  const out: string[] = [];
  for (let i = 0; i < words.length && out.length < n; i++) {
    const w = words[i]!;
    if (w.startsWith("-")) {
      if (valueOpts.has(w)) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

export function optionValue(words: string[], name: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (words[i] === name) return words[i + 1];
    if (words[i]!.startsWith(`${name}=`)) return words[i]!.slice(name.length + 1);
  }
  return undefined;
}

export function mentions(words: string[], re: RegExp): boolean {
  return words.some((w) => re.test(w));
}

export function basename(w: string): string {
  return w.slice(w.lastIndexOf("/") + 1);
}
