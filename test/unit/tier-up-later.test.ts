import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TIER_UP_FACTOR, tierUpFlag, tierUpLater } from "../../source/commands/tier-up-later.js";

describe("tierUpLater", () => {
  it("names the flag this V8 knows: bytecode budget on V8 11 (Node 20), invocations from V8 12", () => {
    expect(tierUpFlag("11.3.244.8-node.38", 8)).toBe("--interrupt-budget=540672");
    expect(tierUpFlag("12.4.254.21-node.33", 8)).toBe("--invocation-count-for-turbofan=24000");
    expect(tierUpFlag("13.6.233.17-node.53", 4)).toBe("--invocation-count-for-turbofan=12000");
  });

  it("sets nothing on a V8 whose flags it does not know (an unknown flag is printed on the terminal)", () => {
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

  it("is a flag this runtime's V8 knows (CI runs Node 20 and 24)", () => {
    const flag = tierUpFlag(process.versions.v8);
    expect(flag).toBeDefined();
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
