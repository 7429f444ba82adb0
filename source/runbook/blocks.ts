/**
 * Fenced blocks classified as a person reading the runbook would: by the fence's language first,
 * then by what the block holds. Only shell blocks (and programs that name their interpreter with
 * `#!`) are runnable; e-mail templates, prose and other languages are shown, never fed to bash.
 */
import type { CodeBlock } from "../domain/code-block.js";
import { trafficChanges } from "./changes.js";
import { everyCommandLinePrompted, firstCommandLine, promptedCommands, shellLinesOnly } from "./prompts.js";

type Classified = Pick<CodeBlock, "kind" | "why" | "interpreter" | "script" | "changes">;

const SHELL = new Set(["bash", "sh", "shell", "zsh", "ksh"]);

const CONSOLE = new Set(["console", "shell-session", "sh-session", "shellsession", "terminal"]);

const TEXT = new Set([
  "text",
  "txt",
  "plain",
  "plaintext",
  "markdown",
  "md",
  "output",
  "log",
  "diff",
  "email",
  "mail",
  "none",
]);

/** `Subject:` at a line start, or a `[Date]`, `[Name]`, `[GREEN/YELLOW/RED]` slot. */
const SUBJECT = /^Subject\s*:/im;

const PLACEHOLDER = /\[[A-Z][^\]\n]{0,60}\]/;

/**
 * @param lang the fence's info string's first word, as written
 * @param firstLine the runbook line of the block's first code line (for the changes' lines)
 */
export function classifyBlock(lang: string, code: string, firstLine: number): Classified {
  const l = lang.trim().toLowerCase();
  const shell = (script: string, why: string): Classified => ({
    kind: "shell",
    why,
    interpreter: "bash",
    script,
    changes: trafficChanges(script, firstLine),
  });

  if (SHELL.has(l)) {
    const prompted = promptedCommands(code);
    if (prompted !== undefined && everyCommandLinePrompted(code))
      return shell(prompted, `${l} block with \`$ \` prompts (stripped)`);
    return shell(code, `${l} block`);
  }
  if (CONSOLE.has(l)) {
    const prompted = promptedCommands(code);
    if (prompted === undefined) return { kind: "text", why: `${l} block with no \`$ \` prompt`, changes: [] };
    return shell(prompted, `${l} block: the \`$ \` lines, prompts stripped, output left out`);
  }
  if (l === "" || TEXT.has(l)) {
    if (SUBJECT.test(code)) return { kind: "template", why: "message with a Subject: line", changes: [] };
    if (PLACEHOLDER.test(code))
      return { kind: "template", why: "message with [Placeholder] slots", changes: [] };
    const bang = shebang(code);
    if (l === "" && bang && /^(ba|z|k)?sh$/.test(bang)) return shell(code, `unlabelled block with #!${bang}`);
    const prompted = promptedCommands(code);
    if (l === "" && prompted !== undefined && everyCommandLinePrompted(code))
      return shell(prompted, "unlabelled block of `$ ` prompts (stripped)");
    return { kind: "text", why: l ? `${l} block` : "unlabelled block without commands", changes: [] };
  }
  if (/^py(thon)?3?$/.test(l) && shellLinesOnly(code))
    return shell(code, `fenced as ${l}, but its lines are shell command lines`);
  const bang = shebang(code);
  if (bang) {
    return {
      kind: "program",
      why: `${l} block run by its #! interpreter`,
      interpreter: bang,
      script: code,
      changes: [],
    };
  }
  return {
    kind: "program",
    why: `${l} block: shown, not run (name an interpreter with #! to run it)`,
    changes: [],
  };
}

/**
 * `#!/usr/bin/env python3` → `python3`; `#!/bin/bash` → `bash`. Only the first line: `\s` there once
 * read the next line's first word as the interpreter (`#!` then `rm -rf x` ran `rm`). After `env`,
 * its options (`-S`) and assignments (`A=1`) are not the program.
 */
function shebang(code: string): string | undefined {
  const m = /^#![ \t]*(\S+)(.*)/.exec(code);
  if (!m) return undefined;
  const prog = m[1]!.slice(m[1]!.lastIndexOf("/") + 1);
  const arg = m[2]!.split(/[ \t]+/).find((w) => w && !w.startsWith("-") && !w.includes("="));
  if (prog === "env" && arg) return arg.replace(/[^A-Za-z0-9_.+-]/g, "") || undefined;
  const safe = prog.replace(/[^A-Za-z0-9_.+-]/g, "");
  return safe || undefined;
}

/** What `golive run` does with a block, in one line. */
export function blockVerdict(b: CodeBlock): string {
  if (b.changes.length) {
    const cmds = [...new Set(b.changes.map((c) => c.command))].join(", ");
    const actions = [...new Set(b.changes.map((c) => c.action))].join("; or ");
    return `REFUSED as a script (${cmds}): use ${actions}`;
  }
  if (b.id) return `runs with ${b.interpreter}: ${firstCommandLine(b.script ?? b.code)}`;
  return `not run: ${b.why}`;
}
