/**
 * A reader that leaves early (`golive … | head -1`, a pager quit): the command still does what it
 * started and records it, with no stack trace — the real binary, with its stdout pipe closed by the
 * reader before golive writes a byte.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";

function withReaderGone(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Closed at once: golive takes far longer than this to start, so its first write meets no reader.
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stderr })),
  );
}

describe("stdout closed by the reader", () => {
  it("new still creates the session and exits 0 without a stack; --help exits 0 quietly", async () => {
    const sessions = tempDir();
    const env = { GOLIVE_SESSIONS: sessions, GOLIVE_USER: "lead", GOLIVE_NOW: "2026-12-01T10:00:00Z" };
    const made = await withReaderGone(
      ["new", "--runbook", join(ROOT, "checklists/deployment.md"), "--t0", "2026-12-01T12:00:00Z"],
      env,
    );
    expect(made.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(made.code).toBe(0);
    const status = await golive(["status", "--json"], { sessions });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ title: "Deployment Checklist", lead: "lead" });

    const help = await withReaderGone(["--help"], env);
    expect(help).toEqual({ code: 0, stderr: "" });
  });
});
