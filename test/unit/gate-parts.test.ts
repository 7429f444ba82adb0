/**
 * engine/gate-parts.ts's memo on its own: a part's answer is reused only while every argument is the
 * same value (Object.is), so a new session state, a new poll's readings or another runbook is
 * judged again. A memo that reused too much would show a gate open on a record that has moved on.
 */
import { describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import { gateParts, NO_READINGS, rememberLast } from "../../source/engine/gate-parts.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { tickedState } from "../helpers/ticked-state.js";

function counted() {
  const calls: unknown[][] = [];
  const f = rememberLast((...a: unknown[]) => {
    calls.push(a);
    return { n: calls.length };
  });
  return { f, calls };
}

describe("rememberLast", () => {
  it("the same arguments: the same answer, not computed again", () => {
    const { f, calls } = counted();
    const s = { id: "s" };
    const first = f(s, 1, "x");
    expect(f(s, 1, "x")).toBe(first);
    expect(calls).toHaveLength(1);
  });

  it("any argument another value: computed again, and that answer remembered instead", () => {
    const { f, calls } = counted();
    const s = { id: "s" };
    f(s, 1);
    // An equal object is not the same state.
    const again = f({ id: "s" }, 1);
    expect(again).toEqual({ n: 2 });
    expect(f({ id: "s" }, 1)).toEqual({ n: 3 });
    const b = f(s, 2);
    expect(b).toEqual({ n: 4 });
    expect(f(s, 2)).toBe(b);
    expect(calls).toEqual([
      [s, 1],
      [{ id: "s" }, 1],
      [{ id: "s" }, 1],
      [s, 2],
    ]);
  });

  it("fewer or more arguments are other arguments; NaN is itself, -0 is not 0", () => {
    const { f, calls } = counted();
    f(1, undefined);
    f(1);
    f(1, undefined);
    expect(calls).toHaveLength(3);
    const nan = f(Number.NaN);
    expect(f(Number.NaN)).toBe(nan);
    f(0);
    f(-0);
    expect(calls).toHaveLength(6);
  });

  it("no readings yet is one object, so a part that reads them is not judged again for it", () => {
    const { f, calls } = counted();
    f(NO_READINGS);
    f(NO_READINGS);
    expect(calls).toHaveLength(1);
    expect(NO_READINGS).toEqual({});
  });
});

describe("gateParts", () => {
  it("the plan in force names the config file by its base name, from a POSIX or Windows path", () => {
    const rb = parseRunbook("inline.md", "# Go-live\n\n- [ ] Deploy\n", "0");
    const noConfig = undefined as unknown as EnvConfig;
    const parts = gateParts();
    expect(parts.inForce(rb, noConfig, "/etc/golive/prod.yaml").configFile).toBe("prod.yaml");
    expect(parts.inForce(rb, noConfig, "C:\\golive\\stage.yaml").configFile).toBe("stage.yaml");
    expect(parts.inForce(rb, noConfig, "dev.yaml").configFile).toBe("dev.yaml");
    const none = parts.inForce(rb, noConfig, undefined);
    expect(none.configFile).toBeUndefined();
    expect(none.runbookFile).toBe("inline.md");
    expect(parts.inForce(rb, noConfig, undefined)).toBe(none);
  });

  it("Go / No-Go is judged with the health probes it is handed, remembered per record", () => {
    const rb = parseRunbook("inline.md", "# Go-live\n\n- [ ] Deploy\n", "0");
    const h = { ...rb, criteria: { go: ["Health endpoints answer"], noGo: [] } };
    const s = tickedState();
    const go = gateParts().goNoGo;
    expect(go(h, s, true, true).map((c) => [c.ok, c.detail])).toEqual([[true, "health URLs answer 2xx"]]);
    const failing = go(h, s, true, false);
    expect(failing.map((c) => [c.ok, c.detail])).toEqual([[false, "green health failing"]]);
    expect(go(h, s, true, false)).toBe(failing);
    expect(go(h, tickedState(), true, false)).not.toBe(failing);
  });
});
