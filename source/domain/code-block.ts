/** Fenced blocks of the runbook model: what each one is, and the commands a shell block holds. */
import type { Position } from "./runbook.js";

/**
 * What a fenced block is, as a person reading the runbook would say: shell commands, a program in
 * another language (shown; runnable only through an interpreter the block names with `#!`), a
 * message template (`Subject:` lines, `[Placeholder]` slots), or text.
 */
export type BlockKind = "shell" | "program" | "template" | "text";

/** A command in a block that changes traffic or capacity: golive refuses to run the block raw. */
export interface BlockChange {
  what: "traffic" | "capacity";
  /** e.g. `aws elbv2 modify-listener`. */
  command: string;
  /** The engine action that does the same step with its gate, confirmation and read-back. */
  action: string;
  /** Runbook line of the command. */
  line: number;
  text: string;
}

export interface CodeBlock {
  /** `c3` for runnable blocks only, counted in runbook order over runnable blocks. */
  id?: string;
  kind: BlockKind;
  /** The fence's language as written (`bash`, `python`, or empty). */
  lang: string;
  /** The block as written. */
  code: string;
  /** Why golive classed it so, in a few words (shown by `golive run --list`). */
  why: string;
  /** For runnable blocks: the program that runs `script` (`bash`, or the `#!` interpreter). */
  interpreter?: string;
  /** For runnable blocks: what runs (console `$ ` prompts and their output stripped). */
  script?: string;
  /** Traffic/capacity changes: a non-empty list means the block is never run as a script. */
  changes: BlockChange[];
  section: string;
  item?: string;
  position: Position;
}

/** A runnable block: shell, or a program whose interpreter the block names. */
export interface Command extends CodeBlock {
  id: string;
  interpreter: string;
  script: string;
}
