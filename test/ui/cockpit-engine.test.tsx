/**
 * The cockpit as `golive open` wires it (commands/cockpit.ts buildModel + openEngine), with the real
 * engine, the real session store and the in-process sandbox as AWS. Keys go in through Ink's stdin;
 * what AWS holds is read from the sandbox's own state, never through golive's adapters.
 */
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildModel } from "../../source/commands/cockpit.js";
import type { Ctx } from "../../source/commands/context.js";
import { type EngineHandle, openEngine } from "../../source/commands/engine-context.js";
import { App } from "../../source/ui/app/App.js";
import { makeTheme } from "../../source/ui/theme.js";
import { golive } from "../helpers/cli.js";
import { renderAt } from "../helpers/ink.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";

const theme = makeTheme({ NO_COLOR: "1" });
let s: Awaited<ReturnType<typeof startSandbox>>;
let h: EngineHandle;
let work: string;

/** The listener's weights as the sandbox holds them. */
const onAws = () => s.sb.state().weights;

async function cockpitOn(runbook: string) {
  s = await startSandbox();
  const sessions = tempDir();
  work = tempDir();
  const clock = { now: () => s.sb.clock.now() };
  const made = await golive(["new", "--runbook", runbook, "--config", s.files.config, "--t0", "now"], {
    sessions,
    clock,
  });
  if (made.code !== 0) throw new Error(made.stderr);
  const ctx: Ctx = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: { GOLIVE_USER: "ann" },
    cwd: work,
    clock,
  };
  h = await openEngine(ctx, { sessions }, "golive open", {
    clock: { now: clock.now, sleep: () => new Promise((r) => setImmediate(r)) },
  });
  const model = buildModel(ctx, h.store, h.runbook, h, "ann", clock.now);
  const r = renderAt(<App model={model} theme={theme} copy={() => {}} size={{ columns: 120, rows: 40 }} />, {
    columns: 120,
    rows: 40,
  });
  return r;
}

afterEach(async () => {
  await h?.close();
  await s?.sb.stop();
});

describe("the cockpit on the real engine and the sandbox", () => {
  it("p/y promotes (AWS shows 90/10), a green spike raises an alert, a acknowledges it, R/y rolls back (AWS shows 100/0)", async () => {
    const c = await cockpitOn(`${ROOT}/checklists/deployment.md`);
    await h.engine.monitor.pollListener();
    await h.engine.monitor.pollMetrics();
    await c.waitFor((f) => f.includes("BLUE") && f.includes("GREEN"), "first frame with metrics");
    await c.press("p");
    await c.waitFor((f) => f.includes("Promote to 10 % green"), "promote dialog");
    await c.press("y");
    await c.waitFor(() => onAws().green === 10, "AWS at 90/10", 15_000);
    expect(onAws()).toEqual({ blue: 90, green: 10 });
    await c.waitFor((f) => f.includes("CANARY 10 %"), "canary on screen");

    s.sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
    s.sb.clock.advance(90_000);
    await h.engine.monitor.pollMetrics();
    const alert = h.store.state.alerts.at(-1)!;
    expect(alert).toMatchObject({ severity: "critical", acknowledged: false });
    // The alerts bar (drawn from the recorded alert, not from the metrics) offers a.
    await c.waitFor((f) => /ALERT .*ROLLBACK TRIGGER.*\(a acks\)/.test(f), "alert on screen");
    const before = h.store.events.length;
    await c.press("a");
    await c.waitFor(() => h.store.state.alerts.at(-1)!.acknowledged, "acknowledgement recorded");
    expect(h.store.events.slice(before).map((e) => [e.type, e.data, e.by])).toEqual([
      ["alert.acknowledged", { alert: alert.id }, "ann"],
    ]);
    // Once the bar has gone, nothing is left to acknowledge: a second a writes nothing.
    await c.waitFor((f) => !f.includes("(a acks)"), "alerts bar gone");
    await c.press("a");
    await c.waitFor((f) => f.includes("no alert to acknowledge"), "a refused with its reason");
    expect(h.store.events.length).toBe(before + 1);
    // Acknowledging hides nothing AWS does: traffic is where it was until R.
    expect(onAws()).toEqual({ blue: 90, green: 10 });

    await c.press("R");
    await c.waitFor((f) => f.includes("ROLL BACK"), "rollback dialog");
    await c.press("y");
    await c.waitFor(() => onAws().blue === 100, "AWS back on blue", 15_000);
    await c.waitFor((f) => f.includes("ROLLED BACK"), "rolled back on screen", 15_000);
    expect(h.store.state.rollback).toMatchObject({ by: "ann" });
    c.unmount();
  });

  it("r on a failing command shows it, runs it on confirmation, records the failure and leaves the item open", async () => {
    const c = await cockpitOn(`${ROOT}/test/fixtures/commands-runbook.md`);
    await c.waitFor((f) => f.includes("Smoke test that fails"), "checklist drawn");
    // Down to the item with the failing command (i3); the selection marker follows the keys.
    for (let i = 0; i < 10 && !/[▶>›].*Smoke test that fails/.test(c.frame()); i++) await c.press("j");
    await c.press("r");
    const dialog = await c.waitFor((f) => f.includes("exit 3"), "run dialog with the exact command");
    expect(dialog).toContain('echo "smoke: 2 of 3 endpoints answered"');
    await c.press("y");
    await c.waitFor((f) => f.includes("FAIL i3"), "failure on screen", 15_000);
    const ran = h.store.events.filter((e) => e.type === "check.ran").at(-1);
    expect(ran).toMatchObject({ by: "ann", data: { item: "i3", ok: false, exitCode: 3 } });
    expect(h.store.state.items.i3?.checked ?? false).toBe(false);
    c.unmount();
  });
});
