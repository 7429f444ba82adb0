/**
 * One tmux control-mode client (`tmux -C`) per test process, for the commands e2e tests send many
 * times a second: `waitFor` captures the pane every 50 ms, and a `tmux capture-pane` process each
 * time cost ~20 ms of CPU (fork, exec, connect) — a fifth of a core per waiting test, taken from
 * the cockpit under test on a 2-core machine. Through the control client a capture is one line
 * written and one reply read.
 *
 * The client sits in a session of its own (GOLIVE_CTL), so it never sizes or sees the panes under
 * test; the session also keeps the server up between tests (nothing else depends on it dying).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";

const CTL_SESSION = "golive-ctl";

interface Pending {
  resolve(out: string): void;
  reject(e: Error): void;
  lines: string[];
}

export class TmuxControl {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  /** The reply being read (between %begin and %end/%error), if any. */
  private current: Pending | undefined;
  dead = false;

  constructor(socket: string) {
    // The session first, by a plain client: a control client that starts the server itself hands
    // it its stdin pipe, so the client never sees EOF when this process dies and outlives it.
    try {
      execFileSync(
        "tmux",
        ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", CTL_SESSION, "sleep 2147483647"],
        { stdio: "ignore" },
      );
    } catch {
      // there already (a duplicate session is refused): attach to it
    }
    this.child = spawn("tmux", ["-L", socket, "-C", "attach-session", "-t", CTL_SESSION], { stdio: "pipe" });
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr])
      (s as unknown as { unref?: () => void }).unref?.();
    this.child.stdin.on("error", () => {});
    this.child.stderr.resume();
    createInterface({ input: this.child.stdout }).on("line", (l) => this.line(l));
    this.child.on("exit", () => this.fail(new Error("tmux control client exited")));
  }

  private line(l: string): void {
    const begin = /^%begin \d+ \d+ (\d+)$/.exec(l);
    if (begin && this.current === undefined) {
      // Flag 1: a command this client sent (replies come in order); 0: tmux's own, such as the
      // reply to the new-session the client started with.
      const ours = begin[1] === "1" ? this.pending.shift() : undefined;
      this.current = ours ?? { resolve() {}, reject() {}, lines: [] };
      return;
    }
    if (this.current === undefined) return; // a notification (%output, %session-changed, …)
    // A screen line of exactly this shape would end the reply early: nothing a cockpit draws is.
    const end = /^%(end|error) \d+ \d+ \d+$/.exec(l);
    if (end) {
      const p = this.current;
      this.current = undefined;
      const out = p.lines.length ? `${p.lines.join("\n")}\n` : "";
      if (end[1] === "end") p.resolve(out);
      else p.reject(new Error(out.trim() || "tmux command failed"));
      return;
    }
    this.current.lines.push(l);
  }

  private fail(e: Error): void {
    this.dead = true;
    this.current?.reject(e);
    this.current = undefined;
    for (const p of this.pending.splice(0)) p.reject(e);
  }

  /** A tmux command line (arguments quoted here); its output, or a rejection with tmux's error. */
  run(...args: string[]): Promise<string> {
    if (this.dead) return Promise.reject(new Error("tmux control client exited"));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject, lines: [] });
      this.child.stdin.write(`${args.map(quote).join(" ")}\n`);
    });
  }

  close(): void {
    this.dead = true;
    this.child.kill();
  }
}

function quote(a: string): string {
  return /^[\w.:%#{}=-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}
