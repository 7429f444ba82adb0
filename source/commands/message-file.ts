/**
 * A status message leaves golive two ways: the cockpit's OSC 52 copy, and a file beside the
 * session. This writes the file (new, never over another) and records what happened to the message
 * (message.written): written, copied or not and why. golive sends nothing, and the record says so.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ExitCode, UserError } from "../domain/errors.js";
import type { ComposedMessage } from "../domain/message-fill.js";
import type { SessionStore } from "../session/store.js";
import type { ClipboardRoute } from "../ui/app/model.js";
import { writeRecord } from "./export.js";

export async function writeMessageFile(
  store: SessionStore,
  m: ComposedMessage,
  clip: { clipboard: "osc52" | "blocked" | "none"; why?: string },
  by: string,
): Promise<string> {
  const text = m.text.endsWith("\n") ? m.text : `${m.text}\n`;
  const base = join(dirname(store.file), `${store.id}.message-${m.name}`);
  let file = "";
  // Named by the event count: each message its own file, in the order they were written.
  for (let n = store.events.length; ; n++) {
    file = `${base}-${n}.txt`;
    try {
      await writeRecord(file, text, { force: false, store });
      break;
    } catch (e) {
      if (!(e instanceof UserError && e.exitCode === ExitCode.refused && n < store.events.length + 100))
        throw e;
    }
  }
  const typed = m.slots.filter((s) => s.from === "lead").map((s) => s.text);
  const open = m.slots.filter((s) => s.from === "open").map((s) => s.text);
  await store.append(
    "message.written",
    {
      template: m.name,
      line: m.line,
      file,
      sha256: createHash("sha256").update(text).digest("hex"),
      clipboard: clip.clipboard,
      ...(clip.why ? { why: clip.why } : {}),
      ...(typed.length ? { typed } : {}),
      ...(open.length ? { open } : {}),
    },
    by,
  );
  return file;
}

const run = promisify(execFile);

async function tmuxOption(name: string): Promise<string | undefined> {
  try {
    return (await run("tmux", ["show-options", "-gv", name], { timeout: 2000 })).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the cockpit's OSC 52 copy reaches a clipboard. Inside tmux it does only with
 * `set-clipboard on` (tmux takes it and passes it out) or `allow-passthrough` (golive's wrapped
 * copy goes straight to the outer terminal); `external` and `off` drop what applications send.
 */
export async function clipboardRoute(env: NodeJS.ProcessEnv): Promise<ClipboardRoute> {
  if (env.TMUX) {
    const clip = await tmuxOption("set-clipboard");
    const pass = await tmuxOption("allow-passthrough");
    if (clip === "on") return { passes: true, why: "tmux set-clipboard on" };
    if (pass === "on" || pass === "all") return { passes: true, why: `tmux allow-passthrough ${pass}` };
    return {
      passes: false,
      why: `tmux will not pass it on (set-clipboard ${clip ?? "unknown"}): tmux set -g set-clipboard on, or use the file`,
    };
  }
  if (env.TERM === "linux")
    return { passes: false, why: "the Linux console has no clipboard: copy from the file" };
  if (env.STY)
    return { passes: null, why: "inside GNU screen, which passes OSC 52 on only if configured to" };
  return { passes: null, why: "the terminal must support OSC 52; most do" };
}
