/**
 * moto's S3 (and STS) server on loopback, for team-mode tests and `golive demo --team`. moto's own
 * `moto_server` runs werkzeug with threads, and its conditional PUT (`If-None-Match: *`) checks and
 * writes in two steps: under concurrent requests two writers both "win" one sequence number. So this
 * starts moto's WSGI app in a single-threaded werkzeug server (one request at a time, which makes the
 * check-and-write atomic, as S3's is). moto is golive's test double, not golive: its failures are
 * reported as moto's, with the end of its own output.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";

const SERVER = `
import os, sys, threading
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
import moto.backends as backends
# moto lists its own package directory (180 stat calls) on every request to route it; the list never
# changes while it runs, and the scan was half of each request's time.
_modules = tuple(backends.list_of_moto_modules())
backends.list_of_moto_modules = lambda: _modules
srv = make_server(sys.argv[1], int(sys.argv[2]), DomainDispatcherApplication(create_backend_app), threaded=False)
os.environ["MOTO_PORT"] = str(srv.port)
# Gone with its parent, even a parent killed -9: stdin closes then.
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
print("moto-listening", srv.port, flush=True)
srv.serve_forever()
`;

export interface MotoServer {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** moto's process id (a test may kill it to take S3 away). */
  pid: number;
  stop(): Promise<void>;
}

const PYTHON = process.env.GOLIVE_PYTHON || "python3";

/** Why moto cannot be started here (with how to get it), or undefined when it can. */
export function motoMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import moto.server, werkzeug"], { stdio: "ignore", timeout: 30_000 });
    return undefined;
  } catch {
    return `moto's server is not installed for ${PYTHON} (team mode is rehearsed against it): install it with \`pip install 'moto[server]'\` (or Debian's python3-moto)`;
  }
}

/** Starts moto on a free loopback port; resolves once it listens. */
export function startMoto(opts: { host?: string; port?: number } = {}): Promise<MotoServer> {
  const host = opts.host ?? "127.0.0.1";
  const child = spawn(PYTHON, ["-c", SERVER, host, String(opts.port ?? 0)], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  let log = "";
  const keep = (b: Buffer) => {
    log = (log + b.toString("utf8")).slice(-4000);
  };
  child.stderr!.on("data", keep);
  return new Promise((resolve, reject) => {
    let out = "";
    const failed = (why: string) => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `moto (the S3 test server, not golive) ${why}: ${log.trim().split("\n").slice(-5).join(" | ")}`,
        ),
      );
    };
    child.on("error", (e) => failed(`could not start ${PYTHON}: ${e.message}`));
    child.on("exit", (code, signal) => failed(`exited before listening (${signal ?? `code ${code}`})`));
    child.stdout!.on("data", (b: Buffer) => {
      out += b.toString("utf8");
      const m = /moto-listening (\d+)/.exec(out);
      if (!m) return;
      child.removeAllListeners("exit");
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
      const endpoint = `http://${host}:${m[1]}`;
      resolve({ endpoint, pid: child.pid!, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
