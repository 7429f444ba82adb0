/**
 * The cockpit as `golive open` wires it (commands/cockpit-model.ts buildModel + openEngine), with the real
 * engine, the real session store and the in-process sandbox as AWS. Keys go in through Ink's stdin;
 * what AWS holds is read from the sandbox's own state, never through golive's adapters.
 */
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { buildModel } from "../../source/commands/cockpit-model.js";
import type { Ctx } from "../../source/commands/context.js";
import type { EngineHandle } from "../../source/commands/engine-context.js";
import { openEngine } from "../../source/commands/engine-open.js";
import { ExitCode } from "../../source/domain/errors.js";
import { App } from "../../source/ui/app/App.js";
import { makeTheme } from "../../source/ui/theme.js";
import { golive } from "../helpers/cli.js";
import { GO_ITEMS } from "../helpers/engine.js";
import { hold } from "../helpers/hold.js";
import { renderAt } from "../helpers/ink.js";
import { ROOT, tempDir } from "../helpers/paths.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";

const theme = makeTheme({ NO_COLOR: "1" });
let s: Awaited<ReturnType<typeof startSandbox>>;
let h: EngineHandle | undefined;
let sessions: string;

/** The listener's weights as the sandbox holds them. */
const onAws = () => weightsOnAws(s.sb);

async function cockpitOn(runbook: string) {
  s = await startSandbox();
  sessions = tempDir();
  const work = tempDir();
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
  return { c: r, clock, engine: h.engine, store: h.store, model };
}

afterEach(async () => {
  await h?.close();
  h = undefined;
  await s?.sb.stop();
});

describe("the cockpit on the real engine and the sandbox", () => {
  it("R while a promote sent with an override is on the wire opens the rollback (the sent dialog takes no more text), which goes out after it", async () => {
    const { c, engine } = await cockpitOn(`${ROOT}/checklists/deployment.md`);
    await engine.monitor.pollListener();
    await engine.monitor.pollProbes();
    await engine.monitor.pollMetrics();
    await c.waitFor((f) => f.includes("BLUE") && f.includes("GREEN"), "first frame with metrics");
    await c.press("p");
    await c.waitFor((f) => f.includes("GO DECISION") && f.includes("o overrides"), "the Go decision");
    await c.press("o");
    await c.waitFor((f) => f.includes("override reason"), "the override input");
    await c.press("drill");
    await c.waitFor((f) => f.includes("drill"), "the reason typed");
    const wire = hold(s.sb, "ModifyListener", "response");
    await c.press("\r");
    await wire.reached;
    await c.press("R");
    const f = await c.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "the rollback dialog");
    expect(f).not.toContain("drillR");
    wire.release();
    await c.waitFor(() => onAws().green === 10, "the promote applied");
    // The promote's end leaves the rollback dialog the lead opened in place.
    await c.waitFor((x) => x.includes("CANARY 10 %") && x.includes("ROLL BACK to 100 % blue"), "both");
    await c.press("y");
    await c.waitFor(() => onAws().green === 0, "AWS back at 100/0", 15_000);
    await c.waitFor((x) => x.includes("✓ rollback confirmed by AWS"), "the rollback on screen");
  });

  it("p holds at the Go decision, then promotes (AWS 90/10); a acks the alert once; R/y rolls back (AWS 100/0); the record signs rolled-back, never success, never twice", async () => {
    const { c, clock, engine, store, model } = await cockpitOn(`${ROOT}/checklists/deployment.md`);
    await engine.monitor.pollListener();
    await engine.monitor.pollProbes();
    await engine.monitor.pollMetrics();
    await c.waitFor((f) => f.includes("BLUE") && f.includes("GREEN"), "first frame with metrics");

    // The first step is the Go decision: with the runbook's Go / No-Go items open, y sends nothing.
    await c.press("p");
    const held = await c.waitFor((f) => f.includes("GO DECISION"), "promote dialog at the Go decision");
    expect(held).toContain("✖ All tests passing — open: i7, i8");
    expect(held).toContain("o overrides with a reason");
    await c.press("y");
    await c.waitFor((f) => f.includes("not promoted: the gate is closed"), "promotion refused on screen");
    expect(onAws()).toEqual({ blue: 100, green: 0 });
    expect(store.events.filter((e) => e.type.startsWith("traffic.shift"))).toEqual([]);

    // The lead ticks the Go items; the same dialog now shows the plan it binds and an open gate.
    for (const item of GO_ITEMS) await store.append("item.checked", { item }, "ann");
    // What golive cannot measure (the runbook's numberless rollback triggers) still holds the Go
    // decision until a person confirms each clear (issue 13): the engine's own gate says so.
    expect(engine.gate().reasons.filter((r) => r.includes("manual check:"))).toHaveLength(4);
    for (const [check, text, line] of [
      ["m314", "Critical functionality broken", 314],
      ["m315", "Data corruption detected", 315],
      ["m316", "Security incident", 316],
      ["m405", "Data issues detected", 405],
    ] as const)
      await store.append("check.confirmed", { check, text, line }, "ann");
    expect(engine.gate().reasons.filter((r) => r.includes("manual check:"))).toEqual([]);
    await c.press("p");
    const open = await c.waitFor((f) => f.includes("✓ gate open"), "promote dialog with the gate open");
    // I1: the listener as read (and how long ago), and exactly what y sends.
    expect(open).toMatch(/Listener as read from AWS \d+s ago: blue 100 \/ green 0/);
    expect(open).toMatch(/y sends exactly: +blue 90 \/ green 10/);
    expect(open).toContain("y promotes");
    await c.press("y");
    await c.waitFor(() => onAws().green === 10, "AWS at 90/10", 15_000);
    expect(onAws()).toEqual({ blue: 90, green: 10 });
    await c.waitFor((f) => f.includes("CANARY 10 %"), "canary on screen");
    expect(store.events.filter((e) => e.type === "decision.go").map((e) => e.by)).toEqual(["ann"]);

    // A green error spike raises a critical alert once its first whole period has settled.
    s.sb.applyFault({ type: "error-rate", target: "green", value: 0.2 });
    s.sb.clock.advance(150_000);
    await engine.monitor.pollMetrics();
    const trigger = store.state.alerts.find((a) => a.key === "error-rate:green")!;
    expect(trigger).toMatchObject({ severity: "critical", acknowledged: false, trust: "rollback" });
    // The alerts bar (drawn from the recorded alert, not from the metrics) offers a.
    await c.waitFor((f) => /ALERT .*ROLLBACK TRIGGER/.test(f) && f.includes("a acks"), "alert on screen");
    // The verdict's FAIL may be a second critical alert (trust pause by default): a takes the
    // newest each time, each once.
    const unacked = store.state.alerts.filter((a) => !a.acknowledged);
    const before = store.events.length;
    // The model acts on the alerts the cockpit names (those it drew), never on one it has not drawn.
    await model.actions.acknowledge("an-alert-never-drawn");
    expect(await model.actions.acknowledgeAll([])).toBe(0);
    expect(store.events.length).toBe(before);
    for (const [i, alert] of [...unacked].reverse().entries()) {
      // a acts on the alerts the cockpit has drawn: the lead presses it once the screen shows them
      // all (two or more say "a acks the newest"). Pressed while the verdict's alert was recorded but
      // not yet drawn, the key acknowledged that alert and marked the drawn one as being acknowledged.
      const left = unacked.length - i;
      await c.waitFor(
        (f) => f.includes("a acks the newest") === left > 1 && f.includes("a acks"),
        `${left} unacknowledged on screen`,
      );
      await c.press("a");
      await c.waitFor(() => store.state.alerts.find((a) => a.id === alert.id)!.acknowledged, "ack recorded");
      expect(store.events.length).toBe(before + i + 1);
      expect(store.events.at(-1)!.data).toEqual({ alert: alert.id });
    }
    // Nothing is left to acknowledge: a second a writes nothing and says why.
    await c.waitFor((f) => !f.includes("a acks"), "alerts bar gone");
    await c.press("a");
    await c.waitFor((f) => f.includes("no alert to acknowledge"), "a refused with its reason");
    expect(store.events.length).toBe(before + unacked.length);
    // Acknowledging hides nothing AWS does: traffic is where it was until R.
    expect(onAws()).toEqual({ blue: 90, green: 10 });

    await c.press("R");
    await c.waitFor((f) => f.includes("ROLL BACK"), "rollback dialog");
    await c.press("y");
    await c.waitFor(() => onAws().blue === 100, "AWS back on blue", 15_000);
    expect(onAws()).toEqual({ blue: 100, green: 0 });
    await c.waitFor((f) => f.includes("ROLLED BACK"), "rolled back on screen", 15_000);
    expect(store.state.rollback).toMatchObject({ by: "ann" });
    expect(store.state.rollback?.completedAt).toBeTypeOf("string");

    // e writes the sign-off record beside the session: it carries the rollback and who did it.
    await c.press("e");
    const exported = `${store.file.replace(/\.json$/, "")}.signoff.md`;
    await c.waitFor((f) => f.includes("signoff.md"), "export path on screen");
    const md = readFileSync(exported, "utf8");
    expect(md).toMatch(/roll(ed)? ?back/i);
    expect(md).toContain("ann");
    c.unmount();
    const file = store.file;
    await h!.close();
    h = undefined;

    // Sign-off after a rollback: success is refused with the reason, rolled-back is recorded once.
    const sign = (status: string) =>
      golive(["sign", "--status", status, "--signer", "Ann Lead", "--session", file], {
        sessions,
        clock,
        env: { GOLIVE_USER: "ann" },
      });
    const success = await sign("success");
    expect(success.code, success.stderr).toBe(ExitCode.refused);
    expect(success.stderr).toContain("✖ green is not serving 100 % (AWS last confirmed blue 100 / green 0)");
    const rolled = await sign("rolled-back");
    expect(rolled.stderr).toBe("");
    expect(rolled.code).toBe(0);
    const again = await sign("rolled-back");
    expect(again.code, again.stderr).toBe(ExitCode.refused);
    expect(again.stderr).toMatch(/is sealed/);
    const record = await golive(["export", "--format", "json", "--out", "-", "--session", file], {
      sessions,
      clock,
    });
    const signed = (JSON.parse(record.stdout).session.events as { type: string; data: { status?: string } }[])
      .filter((e) => e.type === "session.signed")
      .map((e) => e.data.status);
    expect(signed).toEqual(["rolled-back"]);
  });

  it("r on a failing command shows it, runs it on confirmation, records the failure and leaves the item open", async () => {
    const { c, store } = await cockpitOn(`${ROOT}/test/fixtures/commands-runbook.md`);
    await c.waitFor((f) => f.includes("Smoke test that fails"), "checklist drawn");
    // Down to the item with the failing command (i3), one j at a time: each waits for the marker to move.
    const selected = (f: string) => /^›\[.\]\s+(i\d+)/m.exec(f)?.[1];
    for (let i = 0; i < 10 && selected(c.frame()) !== "i3"; i++) {
      const was = selected(c.frame());
      await c.press("j");
      await c.waitFor((f) => selected(f) !== was, `selection to move from ${was}`);
    }
    expect(selected(c.frame())).toBe("i3");
    await c.press("r");
    const dialog = await c.waitFor((f) => f.includes("exit 3"), "run dialog with the exact command");
    expect(dialog).toContain('echo "smoke: 2 of 3 endpoints answered"');
    await c.press("y");
    await c.waitFor((f) => f.includes("FAIL i3"), "failure on screen", 15_000);
    const ran = store.events.filter((e) => e.type === "check.ran").at(-1);
    expect(ran).toMatchObject({ by: "ann", data: { item: "i3", ok: false, exitCode: 3 } });
    expect(store.state.items.i3?.checked ?? false).toBe(false);
    c.unmount();
  });
});
