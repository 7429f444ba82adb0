/** Console blocks: the commands after a prompt, and whether a block is shell lines only. */
/** The commands of a console transcript: `$ ` lines (and their `\` continuations), prompts off. */
export function promptedCommands(code: string): string | undefined {
  const out: string[] = [];
  let continuing = false;
  for (const raw of code.split("\n")) {
    const line = raw.replace(/\s+$/, "");
    if (continuing) {
      out.push(line.replace(/^>\s?/, ""));
    } else {
      // `s`: U+2028 and U+2029 end a line for `.`, not for bash; without it such a command was dropped.
      const m = /^\s*\$\s(.*)$/s.exec(line) ?? /^\s*\$$/.exec(line);
      if (!m) continue;
      out.push(m[1] ?? "");
    }
    continuing = line.endsWith("\\");
  }
  return out.length ? out.join("\n") : undefined;
}

/** In a shell-fenced block, `$ ` prompts count only when every command line has one. */
export function everyCommandLinePrompted(code: string): boolean {
  let continuing = false;
  for (const raw of code.split("\n")) {
    const line = raw.trim();
    if (continuing) {
      continuing = line.endsWith("\\");
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    if (!/^\$(\s|$)/.test(line)) return false;
    continuing = line.endsWith("\\");
  }
  return true;
}

/** `python scripts/smoke_test.py --env prod` is a command line, not Python. */
export function shellLinesOnly(code: string): boolean {
  const lines = code
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  return (
    lines.length > 0 &&
    lines.every((l) => /^(python3?|pytest|pip3?)(\s+-{0,2}[\w./:-]+)+(\s+[\w./:=,"'-]+)*$/.test(l))
  );
}

export function firstCommandLine(code: string): string {
  const l = code.split("\n").find((x) => x.trim() && !x.trim().startsWith("#")) ?? "";
  return l.trim().slice(0, 72);
}
