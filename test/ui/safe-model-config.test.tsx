/**
 * Issue 20: what the cockpit shows from the environment config (the listener ARN in the rollback
 * dialog, the plan and thresholds with their sources) passes the one sanitizer like session data.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { terminalSafeModel } from "../../source/ui/app/safe-model.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const ESC = "\u001b]52;c;cHduZWQ=\u0007";

describe("the environment config's strings in the cockpit", () => {
  it("a listener ARN carrying OSC 52 is drawn escaped in R's dialog, never emitted", async () => {
    const { m } = await model();
    m.listenerArn = `arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x${ESC}/1/2`;
    const safe = terminalSafeModel(m);
    expect(safe.listenerArn).not.toContain("\u001b");
    expect(JSON.stringify(safe.inForce)).not.toMatch(/\\u001b/);
    const size = { columns: 200, rows: 50 };
    const r = renderAt(<App model={safe} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("Timeline"), "cockpit");
    await r.press("R");
    const d = await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    expect(d).toContain("x\\e]52;c;cHduZWQ=\\a/1/2");
    expect(d).not.toContain("\u001b]52");
    r.unmount();
  });

  it("the gate is made safe once per reading: the same object while it reads the same, a new one escaped when it changes", async () => {
    const { m } = await model();
    let reason = "plain";
    const gate = m.gate;
    m.gate = () => {
      const g = gate()!;
      return { ...g, allowed: false, reasons: [reason], details: [] };
    };
    const safe = terminalSafeModel(m);
    const first = safe.gate();
    expect(safe.gate()).toBe(first);
    reason = `check output ${ESC}`;
    const second = safe.gate()!;
    expect(second).not.toBe(first);
    expect(second.reasons[0]).toBe("check output \\e]52;c;cHduZWQ=\\a");
    expect(safe.gate()).toBe(second);
  });
});
