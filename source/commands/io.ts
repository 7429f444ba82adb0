/**
 * What every command gets from the composition root (streams, environment, clock) and the two
 * helpers `status` needs of it, apart from context.ts so that status loads no session store.
 */
import { resolve } from "node:path";
import type { Clock } from "../session/store.js";

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
}

export interface Ctx extends Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
  /** Called once the cockpit's first frame is on screen (bin/golive.js keeps V8's code cache then). */
  firstFrame?: () => void;
}

export interface GlobalOpts {
  sessions?: string;
  session?: string;
  by?: string;
  json?: boolean;
  /** After sign-off: why this command records anything (recorded as an amendment). */
  amend?: string;
}

export function out(ctx: Ctx, text: string): void {
  ctx.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function sessionsDir(ctx: Ctx, o: GlobalOpts): string {
  return resolve(ctx.cwd, o.sessions ?? ctx.env.GOLIVE_SESSIONS ?? "sessions");
}
