import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateEnvConfig } from "../../source/domain/config.js";
import { sessionConfig } from "../../source/domain/in-force.js";
import { keptSessionConfig } from "../../source/session/config-cache.js";
import { tempDir } from "../helpers/paths.js";

const example = JSON.parse(readFileSync("checklists/environment.example.json", "utf8"));
const valid = validateEnvConfig(example);
if (!valid.ok) throw new Error(valid.problems.join("\n"));
const state = { config: { file: "/etc/golive/prod.json", sha256: "x", value: valid.config } };
const notAgain = (): never => {
  throw new Error("validated again");
};

describe("the kept validation of a session's config", () => {
  it("gives back exactly what validation gives, and from the cache the second time", () => {
    const dir = join(tempDir(), ".cache");
    const fresh = sessionConfig(state);
    expect(fresh).toBeTruthy();
    expect(keptSessionConfig(dir, state, true, "b1")).toStrictEqual(fresh);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^config-[0-9a-f]{32}-b1\.json$/)]);
    // toStrictEqual: the JSON round trip loses nothing validation produced (no undefined keys).
    expect(keptSessionConfig(dir, state, true, "b1", notAgain)).toStrictEqual(fresh);
  });

  it("validates again for another build, another value, or a damaged or altered entry", () => {
    const dir = join(tempDir(), ".cache");
    keptSessionConfig(dir, state, true, "b1");
    const [name] = readdirSync(dir);
    const path = join(dir, name!);
    const entry = JSON.parse(readFileSync(path, "utf8"));
    expect(() => keptSessionConfig(dir, state, true, "b2", notAgain)).toThrow("validated again");
    const other = { config: { ...state.config, value: { ...valid.config, name: "other" } } };
    expect(() => keptSessionConfig(dir, other, true, "b1", notAgain)).toThrow("validated again");
    // An entry whose result was edited without its digest is not trusted.
    writeFileSync(path, JSON.stringify({ ...entry, result: entry.result.replace('"prod', '"edit') }));
    expect(() => keptSessionConfig(dir, state, true, "b1", notAgain)).toThrow("validated again");
    writeFileSync(path, "{");
    expect(keptSessionConfig(dir, state, true, "b1")).toStrictEqual(sessionConfig(state));
  });

  it("never keeps an invalid config, so it is refused every time", () => {
    const dir = join(tempDir(), ".cache");
    const bad = { config: { ...state.config, value: { ...valid.config, metrics: { periodSeconds: 5 } } } };
    expect(keptSessionConfig(dir, bad, true, "b1")).toBeUndefined();
    expect(() => readdirSync(dir)).toThrow();
    expect(keptSessionConfig(dir, bad, true, "b1")).toBeUndefined();
  });

  it("a read-only viewer writes nothing; another build's entries are pruned", () => {
    const dir = join(tempDir(), ".cache");
    expect(keptSessionConfig(dir, state, false, "b1")).toStrictEqual(sessionConfig(state));
    expect(() => readdirSync(dir)).toThrow();
    keptSessionConfig(dir, state, true, "b1");
    keptSessionConfig(dir, state, true, "b2");
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/-b2\.json$/)]);
  });

  it("an entry copied under another build's or value's name is not trusted", () => {
    const dir = join(tempDir(), ".cache");
    keptSessionConfig(dir, state, true, "b1");
    const [name] = readdirSync(dir);
    const entry = readFileSync(join(dir, name!), "utf8");
    writeFileSync(join(dir, name!.replace("-b1.json", "-b2.json")), entry);
    expect(() => keptSessionConfig(dir, state, true, "b2", notAgain)).toThrow("validated again");
    const other = { config: { ...state.config, value: { ...valid.config, name: "other" } } };
    keptSessionConfig(dir, other, true, "b1");
    const otherName = readdirSync(dir).find((n) => n !== name && n.endsWith("-b1.json"))!;
    writeFileSync(join(dir, otherName), entry);
    expect(() => keptSessionConfig(dir, other, true, "b1", notAgain)).toThrow("validated again");
  });

  it("no config, no cache; no build (running from source), no file; pruning spares other values and other files", () => {
    const dir = join(tempDir(), ".cache");
    expect(keptSessionConfig(dir, {}, true, "b1", notAgain)).toBeUndefined();
    expect(keptSessionConfig(dir, state, true, "")).toStrictEqual(sessionConfig(state));
    expect(() => readdirSync(dir)).toThrow();
    const other = { config: { ...state.config, value: { ...valid.config, name: "other" } } };
    keptSessionConfig(dir, other, true, "b1");
    const [otherName] = readdirSync(dir);
    keptSessionConfig(dir, state, true, "b1");
    const [mine] = readdirSync(dir).filter((n) => n !== otherName);
    const temp = `${mine!.replace("-b1.json", "-b0.json")}.tmp`;
    writeFileSync(join(dir, temp), "");
    keptSessionConfig(dir, state, true, "b2");
    expect(readdirSync(dir).sort()).toEqual([otherName, mine!.replace("-b1.json", "-b2.json"), temp].sort());
  });
});
