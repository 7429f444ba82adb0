/**
 * Errors a user can act on carry an exit code and a next step; anything else is a bug and is
 * reported as one (with a stack) by the single exit site in cli.tsx.
 */
export const ExitCode = {
  ok: 0,
  bug: 1,
  usage: 2,
  input: 3,
  locked: 4,
  verifyFailed: 5,
  aws: 6,
  refused: 7,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.input,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Where in a file a problem is; rendered as file:line:col like compilers do, so editors can jump. */
export interface SourcePoint {
  file: string;
  line: number;
  column: number;
}

export class InputError extends UserError {
  constructor(
    readonly at: SourcePoint | { file: string },
    message: string,
    hint?: string,
  ) {
    super(`${formatPoint(at)}: ${message}`, ExitCode.input, hint);
  }
}

export function formatPoint(at: SourcePoint | { file: string }): string {
  return "line" in at ? `${at.file}:${at.line}:${at.column}` : at.file;
}
