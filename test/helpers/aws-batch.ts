/**
 * The aws CLIs, kept warm: one Python per CLI per worker runs awscli's own `clidriver` for every
 * call (test/helpers/aws-batch.py), with the call's argv and environment. A cold `aws` costs ~1–1.5 s
 * of CPU in start-up and imports; the sandbox-CLI files made dozens of calls each, and that was
 * most of their 30–40 s. A CLI that is not a Python script (AWS's bundled v2 installer) or
 * GOLIVE_AWS_COLD=1 runs a fresh process per call as before.
 */
import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export interface AwsResult {
  code: number;
  stdout: string;
  stderr: string;
}

const exec = promisify(execFile);
const driver = join(dirname(fileURLToPath(import.meta.url)), "aws-batch.py");

/** The interpreter on the CLI's `#!` line when it is a Python script, else undefined. */
export function pythonOf(cli: string): string | undefined {
  let head = "";
  try {
    head = readFileSync(cli, { encoding: "latin1" }).slice(0, 200);
  } catch {
    return undefined;
  }
  const m = /^#!\s*(\S*python[\d.]*)\s*\n/.exec(head);
  return m?.[1];
}

class Warm {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((r: AwsResult) => void)[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  dead = false;

  constructor(python: string) {
    this.child = spawn(python, [driver], { stdio: "pipe", env: { PATH: process.env.PATH } });
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (s as unknown as { unref?: () => void }).unref?.();
    }
    this.child.stderr.resume();
    this.child.stdin.on("error", () => {}); // a killed driver: its exit handler answers the callers
    createInterface({ input: this.child.stdout }).on("line", (line) => {
      this.waiting.shift()?.(JSON.parse(line) as AwsResult);
    });
    this.child.on("exit", (code, signal) => {
      this.dead = true;
      for (const w of this.waiting.splice(0)) {
        w({ code: 255, stdout: "", stderr: `aws batch driver exited (${signal ?? code})` });
      }
    });
  }

  /** One call at a time, in order, like separate `aws` runs from one shell. */
  run(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<AwsResult> {
    const next = this.chain.then(
      () =>
        new Promise<AwsResult>((resolve) => {
          if (this.dead) {
            resolve({ code: 255, stdout: "", stderr: "aws batch driver is gone" });
            return;
          }
          const timer = setTimeout(() => {
            this.child.kill("SIGKILL");
          }, timeoutMs);
          this.waiting.push((r) => {
            clearTimeout(timer);
            resolve(r);
          });
          this.child.stdin.write(`${JSON.stringify({ args, env })}\n`);
        }),
    );
    this.chain = next;
    return next;
  }
}

const warm = new Map<string, Warm>();

/** Runs `cli ARGS` with `env`: warm when the CLI is a Python script, cold otherwise. */
export async function runAwsCli(
  cli: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<AwsResult> {
  const python = process.env.GOLIVE_AWS_COLD === "1" ? undefined : pythonOf(cli);
  if (python) {
    let w = warm.get(cli);
    if (!w || w.dead) {
      w = new Warm(python);
      warm.set(cli, w);
    }
    return w.run(args, env, timeoutMs);
  }
  try {
    const r = await exec(cli, args, { env, timeout: timeoutMs });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
