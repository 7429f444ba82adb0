/**
 * Issue 12 in the cockpit, the parts bound to what the lead saw: the promote dialog is one plan
 * (I1), overlays hide a dialog and keep it inert (I2), a reopened session with an unconfirmed
 * rollback opens on the rollback dialog (I3), `A` acknowledges every alert as one event (I8), and
 * the checklist follows the rollout.
 */
import { describe, expect, it } from "vitest";
import { App } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt } from "../helpers/ink.js";

const WIDE = { columns: 200, rows: 50 };
const mount = (m: Awaited<ReturnType<typeof model>>["m"], size = WIDE) =>
  renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);

describe("the promote dialog binds one plan (I1)", () => {
  it("y before the plan is shown sends nothing; a listener changed since the dialog sends nothing, is recorded, and replaces the dialog", async () => {
    const x = await model();
    let release!: () => void;
    x.setPlanGate(new Promise<void>((res) => (release = res)));
    const r = mount(x.m);
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    // p and y in one burst: the plan is not there yet, so y has nothing it could send.
    await r.press("py");
    await r.waitFor((f) => f.includes("reading the listener from AWS…"), "dialog waiting for the plan");
    await r.waitFor((f) => f.includes("reading the listener from AWS: y works"), "y refused");
    release();
    let d = await r.waitFor((f) => f.includes("Promote to 10 % green"), "plan shown");
    expect(d).toContain("Listener as read from AWS 3s ago: blue 100 / green 0");
    expect(d).toMatch(/y sends exactly: +blue 90 \/ green 10/);
    expect(x.calls).toEqual([]);
    // An engineer moves the listener with the aws CLI while the dialog is open.
    x.setAws({ blue: 40, green: 60 });
    await r.press("y");
    d = await r.waitFor((f) => f.includes("listener changed since the dialog"), "dialog replaced");
    expect(d).toContain("✖ listener changed since the dialog — nothing was sent (recorded)");
    expect(d).toContain("the dialog showed blue 100 / green 0, AWS now shows blue 40 / green 60");
    expect(d).toContain("The new situation:");
    expect(d).toContain("✖ nothing sent: the listener changed since the dialog (now 40/60; recorded)");
    expect(d).toContain("Promote to 100 % green");
    expect(d).toContain("Listener as read from AWS 3s ago: blue 40 / green 60");
    expect(d).toMatch(/y sends exactly: +blue 0 \/ green 100/);
    expect(x.calls).toEqual(["changed 40/60"]);
    expect(x.store.events.filter((e) => e.type === "traffic.observed").map((e) => e.data)).toEqual([
      expect.objectContaining({ observation: "changed-since-dialog", weights: { blue: 40, green: 60 } }),
    ]);
    expect(x.plans()).toBe(1);
    // The new situation is itself a plan: y sends exactly what it now shows.
    await r.press("y");
    await r.waitFor((f) => f.includes("✓ promote confirmed by AWS: blue 0 / green 100"), "sent as shown");
    expect(x.calls).toEqual(["changed 40/60", "promote 0/100"]);
    expect(r.frame()).not.toContain("Promote to");
    r.unmount();
  });
});

describe("overlays hide a dialog and keep it inert (I2)", () => {
  it("? over the promote dialog: y, Enter, a and A only close the help; the dialog comes back unconfirmed", async () => {
    const x = await model();
    await x.store.append(
      "alert.raised",
      { alert: "w-1", severity: "warning", message: "warn w-1" },
      "golive",
    );
    const r = mount(x.m);
    await r.press("p");
    await r.waitFor((f) => f.includes("y promotes"), "promote dialog with its plan");
    const events = x.store.events.length;
    for (const k of ["y", "\r", "a", "A", " "]) {
      await r.press("?");
      await r.waitFor(
        (f) => f.includes("any key closes") && !f.includes("Promote to"),
        "help over the dialog",
      );
      await r.press(k);
      await r.waitFor((f) => f.includes("Promote to 10 % green"), `dialog back after ${JSON.stringify(k)}`);
    }
    expect(x.calls).toEqual([]);
    expect(x.store.events.length).toBe(events);
    await r.press("y");
    await r.waitFor(() => x.calls.length === 1, "promote once the dialog is seen");
    expect(x.calls).toEqual(["promote 90/10"]);
    r.unmount();
  });

  it("the quit question over the promote dialog being sent: n brings the dialog back", async () => {
    const x = await model();
    let release!: () => void;
    const confirm = x.m.actions.confirmPromote;
    x.m.actions.confirmPromote = async (plan, o) => {
      await new Promise<void>((res) => (release = res));
      return confirm(plan, o);
    };
    const r = mount(x.m);
    await r.press("p");
    await r.waitFor((f) => f.includes("y promotes"), "promote dialog");
    await r.press("y");
    await r.waitFor((f) => f.includes("sending: AWS is read again first"), "dialog while sending");
    await r.press("\x03");
    await r.waitFor((f) => f.includes("An action is in flight"), "quit question");
    expect(r.frame()).not.toContain("Promote to");
    await r.press("n");
    await r.waitFor((f) => f.includes("sending: AWS is read again first"), "dialog back");
    // y in the dialog being sent sends nothing more.
    await r.press("y");
    release();
    await r.waitFor((f) => f.includes("✓ promote confirmed by AWS"), "sent once");
    expect(r.frame()).not.toContain("Promote to");
    expect(x.calls).toEqual(["promote 90/10"]);
    r.unmount();
  });
});

describe("reopening a session whose rollback was never confirmed (I3)", () => {
  it("opens on the rollback dialog, pre-selected; Esc leaves a state that still says what to do", async () => {
    const x = await model();
    await x.store.append(
      "traffic.shift.requested",
      { kind: "rollback", from: { blue: 90, green: 10 }, to: { blue: 100, green: 0 }, override: "p95 spike" },
      "ann",
    );
    await x.store.append(
      "traffic.observed",
      {
        observation: "reconciled-not-applied",
        weights: { blue: 90, green: 10 },
        expected: { blue: 100, green: 0 },
        detail: "test",
      },
      "golive",
    );
    x.m.reopened = Promise.resolve({ rollbackPending: true });
    const r = mount(x.m, { columns: 80, rows: 24 });
    const d = await r.waitFor((f) => f.includes("ROLL BACK to 100 % blue"), "rollback dialog on open");
    expect(d).toContain("ROLLBACK NOT CONFIRMED");
    expect(d).toMatch(/finishing the rollback requested \d\d:\d\d:\d\d UTC by ann, never/);
    await r.press("\x1b");
    const f = await r.waitFor((x) => !x.includes("ROLL BACK to"), "dialog closed");
    expect(f).toContain("ROLLBACK NOT CONFIRMED");
    expect(f).toContain("✖ R rolls back — ROLLBACK NOT CONFIRMED: requested");
    await r.press("R");
    await r.waitFor((f) => f.includes("ROLL BACK to 100 % blue"), "R offers it again");
    await r.press("y");
    await r.waitFor(() => x.calls.length === 1, "rollback sent");
    expect(x.calls[0]).toBe("rollback manual rollback by ann");
    r.unmount();
  });

  it("nothing pending: no dialog opens", async () => {
    const x = await model();
    x.m.reopened = Promise.resolve({ rollbackPending: false });
    const r = mount(x.m);
    await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    await x.m.reopened;
    await r.press("?");
    await r.waitFor((f) => f.includes("any key closes"));
    expect(r.frame()).not.toContain("ROLL BACK to 100 % blue");
    r.unmount();
  });
});

describe("A acknowledges every alert as one event (I8)", () => {
  it("three alerts, A twice: one event with all three, then nothing", async () => {
    const x = await model();
    for (const id of ["t-1", "t-2", "t-3"])
      await x.store.append(
        "alert.raised",
        { alert: id, severity: "critical", message: `trigger ${id}` },
        "golive",
      );
    // An episode seen again is one line with its count, not a line per period.
    await x.store.append("alert.repeated", { alert: "t-3", count: 3 }, "golive");
    const r = mount(x.m);
    const f = await r.waitFor(
      (f) => f.includes("R rolls back · a acks the newest · A acks all"),
      "next line names A",
    );
    expect(f).toMatch(
      /✖ ALERT \d\d:\d\d:\d\d ×3 trigger t-3 {2}\(last \d\d:\d\d:\d\d\) {2}\(3 unacknowledged, a acks, A all\)/,
    );
    expect(f.match(/✖ ALERT .*trigger t-3/g)).toHaveLength(1);
    await r.press("AA");
    await r.waitFor((f) => f.includes("✓ 3 alerts acknowledged (one event)"), "toast");
    const acks = x.store.events.filter((e) => e.type === "alert.acknowledged");
    expect(acks.map((e) => e.data)).toEqual([{ alerts: ["t-1", "t-2", "t-3"] }]);
    expect(x.calls).toEqual(["ackAll t-1,t-2,t-3"]);
    await r.press("?");
    const help = await r.waitFor((f) => f.includes("any key closes"), "help");
    expect(help).toContain("A        acknowledge every unacknowledged alert (one event in the record)");
    r.unmount();
  });
});

describe("the checklist follows the rollout", () => {
  it("a confirmed promote selects the current canary step's item, wherever the clock is", async () => {
    const x = await model();
    const r = mount(x.m);
    const before = await r.waitFor((f) => f.includes("PRE-FLIGHT"));
    expect(before).not.toMatch(/›.*Route 10% traffic to green/);
    await r.press("p");
    await r.waitFor((f) => f.includes("y promotes"));
    await r.press("y");
    const f = await r.waitFor((f) => /›.*Route 10% traffic to green/.test(f), "step item selected");
    expect(f).toContain("CANARY 10 %");
    r.unmount();
  });
});
