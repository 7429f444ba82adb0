import { afterEach, beforeEach, expect } from "vitest";
import type { Sandbox } from "../../source/sandbox/server.js";
import { type CliResult, golive } from "./cli.js";
import { tempDir } from "./paths.js";
import { runKubectl, startSandbox } from "./sandbox.js";

/** What a Kubernetes test file works with; its fields are set anew before each test. */
export interface K8sSuite {
  sb: Sandbox;
  kubeconfig: string;
  sessions: string;
  /** golive in this test's sessions directory, its rollout polls 50 ms apart. */
  g(args: string[]): Promise<CliResult>;
  /** The real kubectl against this test's sandbox. */
  k(...args: string[]): Promise<CliResult>;
  /** Runs a command that follows a rollout while the sandbox clock moves on in 5-second steps. */
  whileClockMoves(p: Promise<CliResult>): Promise<CliResult>;
}

/**
 * Registers the set-up the Kubernetes test files share: before each test a sandbox with a manual
 * clock and a go-live session of the shipped EKS runbook made by the real CLI; after it, the
 * sandbox stopped. A file's own beforeEach runs after this one.
 */
export function k8sSuite(): K8sSuite {
  const env = { GOLIVE_K8S_POLL_MS: "50" };
  const k8s = {
    g: (args: string[]) => golive(args, { sessions: k8s.sessions, env }),
    k: (...args: string[]) => runKubectl(k8s.kubeconfig, args),
    async whileClockMoves(p: Promise<CliResult>) {
      let done = false;
      void p.finally(() => {
        done = true;
      });
      for (let i = 0; i < 400 && !done; i++) {
        k8s.sb.clock.advance(5_000);
        await new Promise((r) => setTimeout(r, 25));
      }
      return p;
    },
  } as K8sSuite;
  beforeEach(async () => {
    const s = await startSandbox();
    k8s.sb = s.sb;
    k8s.kubeconfig = s.files.kubeconfig;
    k8s.sessions = tempDir();
    const made = await k8s.g([
      "new",
      "--runbook",
      "checklists/go-live.md",
      "--config",
      s.files.config,
      "--t0",
      "now",
    ]);
    expect(made.code, made.stderr).toBe(0);
  });
  afterEach(async () => {
    await k8s.sb.stop();
  });
  return k8s;
}
