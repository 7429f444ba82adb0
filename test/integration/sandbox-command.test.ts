import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
import { BIN, ROOT, tempDir } from "../helpers/paths.js";
import { freePortPair } from "../helpers/ports.js";
import { LOADED } from "../helpers/timeouts.js";

const exec = promisify(execFile);

describe("golive sandbox, as a lead runs it", () => {
  it(
    "prints URLs, ARNs and the files it wrote; takes faults from another terminal; stops on Ctrl-C",
    async () => {
      const port = await freePortPair();
      const dir = tempDir();
      const child = spawn(process.execPath, [BIN, "sandbox", "--port", String(port), "--dir", dir], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout! })) {
        lines.push(line);
        if (line.startsWith("Ctrl-C")) break;
      }
      const text = lines.join("\n");
      expect(text).toContain(`AWS endpoint   http://127.0.0.1:${port}`);
      expect(text).toContain(`Kubernetes     http://127.0.0.1:${port + 1}`);
      expect(text).toContain(
        "listener       arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/nba-mcp-prod-alb/",
      );
      for (const f of ["kubeconfig", "environment.json", "env.sh"])
        expect(existsSync(join(dir, f))).toBe(true);
      const config = validateEnvConfig(JSON.parse(readFileSync(join(dir, "environment.json"), "utf8")));
      expect(config.ok).toBe(true);

      const health = await fetch(`http://127.0.0.1:${port}/health/green`);
      expect([health.status, ((await health.json()) as { version: string }).version]).toEqual([200, "v2.0"]);
      const g = (...args: string[]) => exec(process.execPath, [BIN, "sandbox", ...args], { cwd: ROOT });
      expect((await g("fault", "--port", String(port), "unhealthy", "green", "3")).stdout).toContain(
        '"count":3',
      );
      expect((await fetch(`http://127.0.0.1:${port}/health/green`)).status).toBe(503);
      await g("fault", "--port", String(port), "error-rate", "green", "8%");
      const state = JSON.parse((await g("state", "--port", String(port))).stdout);
      expect(state.targetGroups.find((t: { key: string }) => t.key === "green").fault).toEqual({
        unhealthyTargets: 3,
        errorRate: 0.08,
      });
      const bad = await g("fault", "--port", String(port), "error-rate", "purple", "8%").catch((e) => e);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('sandbox refused: no target group "purple"');
      await g("fault", "--port", String(port), "clear");
      expect((await fetch(`http://127.0.0.1:${port}/health/green`)).status).toBe(200);

      const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(0);
    },
    LOADED,
  );

  it("refuses a port in use and a bad scenario with one line each", async () => {
    const port = await freePortPair();
    const blocker = createServer().listen(port, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const inUse = await exec(process.execPath, [BIN, "sandbox", "--port", String(port)], { cwd: ROOT }).catch(
      (e) => e,
    );
    blocker.close();
    expect(inUse.code).toBe(2);
    expect(inUse.stderr).toBe(
      `golive: port ${port} on 127.0.0.1 is already in use; pick another with --port\n`,
    );
    const scenario = join(tempDir(), "s.json");
    writeFileSync(
      scenario,
      JSON.stringify({
        targetGroups: [
          {
            key: "blue",
            name: "b",
            id: "x",
            version: "1",
            errorRate: 2,
            latency: { medianMs: 1, p95Ms: 2 },
            initialWeight: 1,
          },
        ],
      }),
    );
    const badScenario = await exec(
      process.execPath,
      [BIN, "sandbox", "--port", String(port), "--scenario", scenario],
      { cwd: ROOT },
    ).catch((e) => e);
    expect(badScenario.code).toBe(3);
    expect(badScenario.stderr).toMatch(/s\.json: targetGroups\.0\.id: /);
  });
});

describe("golive demo arguments", () => {
  it("names an unknown scenario, and a bad scenario file's field, before asking for a terminal", async () => {
    const { golive } = await import("../helpers/cli.js");
    const unknown = await golive(["demo", "--scenario", "chaotic-green"], { sessions: tempDir() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^golive: unknown scenario "chaotic-green"\n {2}→ use steady, flaky-green, slow-green, crash-canary, or a JSON scenario file\n$/,
    );
    const file = join(tempDir(), "bad-scenario.json");
    writeFileSync(file, JSON.stringify({ traffic: { rps: -5 } }));
    const bad = await golive(["demo", "--scenario", file], { sessions: tempDir() });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/bad-scenario\.json: traffic\.rps: /);
    const speed = await golive(["demo", "--speed", "0"], { sessions: tempDir() });
    expect(speed.stderr).toMatch(/--speed must be 1 to 600, got "0"/);
    const noTty = await golive(["demo"], { sessions: tempDir() });
    expect(noTty.stderr).toMatch(/the cockpit needs an interactive terminal/);
  });
});
