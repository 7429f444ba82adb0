/** Reading a command's words: wrappers dropped, positional words and option values found. */
/**
 * Words that run the next words as a command (`sudo kubectl …`, `env A=1 aws …`, `timeout 30 helm …`),
 * each with its own options that take a value. Per wrapper, because one letter means different
 * things: `sudo -n` and `sudo -k` are flags, so one shared list that skipped a word after them made
 * `sudo -n aws elbv2 modify-listener` read as a command named `elbv2`, and the change went unseen.
 */
const WRAPPERS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["sudo", new Set(["-u", "-g", "-C", "-D", "-h", "-p", "-R", "-r", "-T", "-t", "-U"])],
  ["env", new Set(["-u", "-C"])],
  ["time", new Set(["-f", "-o"])],
  ["nohup", new Set<string>()],
  ["command", new Set<string>()],
  ["exec", new Set(["-a"])],
  ["nice", new Set(["-n"])],
  ["xargs", new Set(["-a", "-d", "-E", "-I", "-L", "-n", "-P", "-s"])],
  ["watch", new Set(["-n"])],
  ["timeout", new Set(["-s", "-k"])],
]);

/** Drops `A=1` assignments and wrappers (`sudo -u x`, `timeout 30`) in front of the real command. */
export function unwrap(words: string[]): string[] {
  let i = 0;
  for (;;) {
    while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
    const w = basename(words[i] ?? "");
    const valueOpts = WRAPPERS.get(w);
    if (!valueOpts) return words.slice(i);
    i++;
    while (words[i]?.startsWith("-")) i += valueOpts.has(words[i]!) ? 2 : 1;
    if (w === "timeout") i++; // the duration
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
