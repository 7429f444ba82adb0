/**
 * The cockpit in a real terminal: alternate screen in, and out again on every exit path (q, Ctrl-C,
 * SIGTERM, SIGHUP from a dropped SSH, an uncaught error). The session is already on disk.
 */
import { render } from "ink";
import { ExitCode, UserError } from "../../domain/errors.js";
import { terminalText } from "../../domain/sanitize.js";
import { osc52 } from "../osc52.js";
import { makeTheme } from "../theme.js";
import { App, type QuitControl } from "./App.js";
import type { CockpitModel } from "./model.js";
import { terminalSafeModel } from "./safe-model.js";

export interface Terminal {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

const ENTER = "\x1b[?1049h\x1b[H";
const LEAVE = "\x1b[?25h\x1b[?1049l";

/** The cockpit draws only on an interactive terminal that can move the cursor. */
export function assertInteractive(t: Pick<Terminal, "stdout" | "stdin" | "env">): void {
  if (!t.stdout.isTTY || !t.stdin.isTTY) {
    throw new UserError(
      "the cockpit needs an interactive terminal (stdin and stdout are not a TTY)",
      ExitCode.usage,
      "in scripts use the headless commands: golive status, check, record, promote, rollback, metrics, monitor",
    );
  }
  if (t.env.TERM === "dumb") {
    throw new UserError(
      "TERM=dumb cannot draw the cockpit",
      ExitCode.usage,
      "set TERM (e.g. xterm-256color or tmux-256color), or use golive status / metrics",
    );
  }
}

export async function runCockpit(
  model: CockpitModel,
  t: Terminal,
  opts: {
    onRender?: (ms: number) => void;
    /**
     * The whole model, drawn in `model`'s place once it is there (the first frame is drawn from the
     * session alone, commands/cockpit.ts). If it fails, the cockpit closes with its error.
     */
    upgrade?: Promise<CockpitModel>;
  } = {},
): Promise<void> {
  assertInteractive(t);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    t.stdout.write(LEAVE);
  };
  t.stdout.write(ENTER);
  const theme = makeTheme(t.env);
  const quit: QuitControl = {};
  // A dropped SSH leaves a terminal that fails every write (EIO): drawing stops mattering, finishing
  // the rollback does not, so a failed write must not become an uncaught error that exits.
  const ignoreWriteErrors = () => {};
  t.stdout.on("error", ignoreWriteErrors);
  t.stdin.on("error", ignoreWriteErrors);
  const copy = (text: string) => osc52(t.stdout, t.env, text);
  const view = (m: CockpitModel) => (
    <App model={terminalSafeModel(m)} theme={theme} copy={copy} quit={quit} />
  );
  const instance = render(view(model), {
    stdout: t.stdout,
    stdin: t.stdin,
    // Ctrl-C is a key the App routes like q: a rollback on the wire finishes before golive exits.
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 15,
    incrementalRendering: true,
    onRender: opts.onRender ? (m) => opts.onRender!(m.renderTime) : undefined,
  });
  let failed: { error: unknown } | undefined;
  let exited = false;
  opts.upgrade?.then(
    (m) => {
      if (!exited) instance.rerender(view(m));
    },
    (error) => {
      failed = { error };
      if (!exited) instance.unmount();
    },
  );
  // SIGTERM, SIGHUP (dropped SSH) and SIGINT (kill -INT; Ctrl-C itself arrives as a key) quit the
  // way q does. Handlers stay until golive exits, so a second signal cannot kill a rollback midway.
  const onSignal = () => {
    if (quit.request) quit.request("signal");
    else {
      instance.unmount();
      restore();
    }
  };
  const onCrash = (e: unknown) => {
    instance.unmount();
    restore();
    process.stderr.write(
      `golive: internal error (a bug in golive, please report it): ${terminalText(String((e as Error)?.stack ?? e))}\n`,
    );
    process.exit(ExitCode.bug);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("SIGINT", onSignal);
  process.once("uncaughtException", onCrash);
  process.once("unhandledRejection", onCrash);
  try {
    await instance.waitUntilExit();
    if (failed) throw failed.error;
  } finally {
    exited = true;
    restore();
    t.stdout.removeListener("error", ignoreWriteErrors);
    t.stdin.removeListener("error", ignoreWriteErrors);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGHUP", onSignal);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("uncaughtException", onCrash);
    process.removeListener("unhandledRejection", onCrash);
  }
}
