import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TIER_UP_FACTOR, tierUpFlag, tierUpLater } from "../../source/commands/tier-up-later.js";

describe("tierUpLater", () => {
  it("raises V8 11's bytecode budget (Node 20), where TurboFan is the only optimising tier", () => {
    expect(tierUpFlag("11.3.244.8-node.38", 8)).toBe("--interrupt-budget=540672");
    expect(tierUpFlag("11.3.244.8-node.38", 4)).toBe("--interrupt-budget=270336");
  });

  it("keeps V8's defaults where Maglev comes first (Node 22, 24) or the flag is unknown", () => {
    expect(tierUpFlag("12.4.254.21-node.33")).toBeUndefined();
    expect(tierUpFlag("13.6.233.17-node.53")).toBeUndefined();
    expect(tierUpFlag("10.2.154.26-node.26")).toBeUndefined();
    expect(tierUpFlag("15.0.1")).toBeUndefined();
    const set: string[] = [];
    expect(tierUpLater({ v8Version: "15.0.1", setFlags: (f) => set.push(f) })).toBeUndefined();
    expect(set).toEqual([]);
  });

  it("sets the flag once, at the default factor", () => {
    const set: string[] = [];
    tierUpLater({ v8Version: "11.3.244.8", setFlags: (f) => set.push(f) });
    expect(set).toEqual([`--interrupt-budget=${67584 * TIER_UP_FACTOR}`]);
  });

  it.runIf(tierUpFlag(process.versions.v8))("is a flag this runtime's V8 knows (CI runs Node 20)", () => {
    const flag = tierUpFlag(process.versions.v8);
    // V8 does not throw on an unknown flag: it prints "unrecognized flag" on stderr, under the
    // cockpit's frame. In a child, so this test process keeps V8's defaults.
    const r = spawnSync(
      process.execPath,
      ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flag)})`],
      {
        encoding: "utf8",
      },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
