import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnvConfig } from "../../source/commands/env-config.js";
import { validateEnvConfig } from "../../source/domain/config.js";
import { jsonLine } from "../../source/domain/json-line.js";
import { tempDir } from "../helpers/paths.js";

const base = { name: "prod", aws: { region: "us-east-1" } };

describe("team config", () => {
  it("takes team.s3 and the lease, with the prefix and ttl defaulted", () => {
    const v = validateEnvConfig({
      ...base,
      team: { s3: { bucket: "golive-team", endpoint: "http://127.0.0.1:5000" } },
    });
    expect(v.ok && v.config.team).toEqual({
      s3: { bucket: "golive-team", prefix: "golive", endpoint: "http://127.0.0.1:5000" },
      lease: { ttl: 60 },
    });
  });

  it("takes an S3 request timeout in milliseconds, from 100 ms to a minute", () => {
    const withTimeout = (timeoutMs: number) =>
      validateEnvConfig({ ...base, team: { s3: { bucket: "golive-team", timeoutMs } } });
    const v = withTimeout(500);
    expect(v.ok && v.config.team?.s3.timeoutMs).toBe(500);
    expect(withTimeout(99).ok).toBe(false);
    expect(withTimeout(60_001).ok).toBe(false);
    expect(withTimeout(1.5).ok).toBe(false);
  });

  it("refuses a bad bucket, an unknown field and a too-short lease with file:line each", async () => {
    const file = join(tempDir(), "env.json");
    const text = JSON.stringify(
      { ...base, team: { s3: { bucket: "Bad_Bucket", region: "mars" }, lease: { ttl: 2 }, colour: 1 } },
      null,
      2,
    );
    writeFileSync(file, text);
    const err = await loadEnvConfig(file, "env.json").then(
      () => undefined,
      (e: Error) => e.message,
    );
    const lines = err!.split("\n");
    expect(lines[0]).toBe("env.json: 4 problems:");
    expect(lines).toContain(
      "  env.json:8: team.s3.bucket: expected an S3 bucket name (3–63 lowercase letters, digits, dots and hyphens)",
    );
    expect(lines).toContain("  env.json:9: team.s3.region: expected an AWS region like us-east-1");
    expect(lines).toContain("  env.json:12: team.lease.ttl: Too small: expected number to be >=10");
    expect(lines).toContain("  env.json:6: team: unknown field colour");
  });

  it("finds the line of a path, or of the deepest part that exists", () => {
    const text = '{\n  "a": [1, {"x": "}\\"{"},\n    {"b": {\n      "c": true}}],\n  "d": null\n}';
    expect(jsonLine(text, ["a", 2, "b", "c"])).toBe(4);
    expect(jsonLine(text, ["d"])).toBe(5);
    expect(jsonLine(text, ["a", 2, "missing"])).toBe(3);
    expect(jsonLine(text, [])).toBe(1);
  });
});
