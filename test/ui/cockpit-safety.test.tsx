/**
 * Issue 12 in the cockpit: nothing acts unseen (I2), a rollback once started completes before golive
 * exits (I3), one line says what to do next (I9), `a` never acknowledges the same alert twice.
 */
import { useEffect } from "react";
import { describe, expect, it } from "vitest";
import { App, type QuitControl } from "../../source/ui/app/App.js";
import { model, theme } from "../helpers/cockpit.js";
import { renderAt, width } from "../helpers/ink.js";

function Unmounted(p: { flag: { gone: boolean } }) {
  useEffect(
    () => () => {
      p.flag.gone = true;
    },
    [p.flag],
  );
  return null;
}

function fits(frame: string, columns: number, rows: number) {
  const ls = frame.replace(/\n$/, "").split("\n");
  expect(ls.length).toBeLessThanOrEqual(rows);
  for (const l of ls) expect(width(l)).toBeLessThanOrEqual(columns);
}

describe("below 80×24 (I2)", () => {
  it("at 60×20 shows the traffic state and R/q; p, y and a burst of them change nothing; R still rolls back", async () => {
    const { m, calls } = await model();
    const size = { columns: 60, rows: 20 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    const f = await r.waitFor((x) => x.includes("R roll back · q quit"), "small screen");
    expect(f).toContain("PRE-FLIGHT");
    expect(f).toContain("blue 100 / green 0 (AWS)");
    expect(f).toContain("needs 80×24 (this is 60×20)");
    await r.press("p");
    await r.press("y");
    await r.press("py");
    await r.press(" ");
    await r.press("\r");
    await r.waitFor((x) => x.includes("too small to show that key"), "refusal");
    expect(r.frame()).not.toContain("Promote to");
    expect(calls).toEqual([]);
    await r.press("R");
    const d = await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    fits(d, 60, 20);
    expect(d).toContain("→ 100/0");
    await r.press("y");
    await r.waitFor(() => calls.length === 1, "rollback sent");
    expect(calls).toEqual(["rollback manual rollback by ann"]);
    r.unmount();
  });

  it("R's confirmation fits in 40×10 and says 100/0 and which listener", async () => {
    const { m } = await model();
    const size = { columns: 40, rows: 10 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("R roll back · q quit"), "small screen");
    await r.press("R");
    const d = await r.waitFor((x) => x.includes("ROLL BACK to 100 % blue"), "rollback dialog");
    fits(d, 40, 10);
    expect(d).toContain("blue/green 100/0 → 100/0");
    expect(d).toContain("y rolls back");
    // The listener's own id, not a cut-off prefix.
    expect(d).toContain("ModifyListener listener/app/alb/1/2");
    r.unmount();
  });

  it("a promote dialog hidden by shrinking the terminal cannot be confirmed; it shows again when enlarged", async () => {
    const { m, calls } = await model();
    const big = { columns: 200, rows: 50 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={big} />, big);
    await r.waitFor((x) => x.includes("PRE-FLIGHT"));
    await r.press("p");
    await r.waitFor((x) => x.includes("Promote to 10 % green"), "promote dialog");
    r.rerender(<App model={m} theme={theme} copy={() => {}} size={{ columns: 60, rows: 20 }} />);
    await r.waitFor((x) => x.includes("R roll back · q quit"), "small screen");
    await r.press("y");
    await r.waitFor((x) => x.includes("too small"), "refused");
    expect(calls).toEqual([]);
    r.rerender(<App model={m} theme={theme} copy={() => {}} size={big} />);
    await r.waitFor((x) => x.includes("Promote to 10 % green"), "dialog back in view");
    await r.press("y");
    await r.waitFor(() => calls.length === 1, "promote once seen");
    expect(calls).toEqual(["promote 90/10"]);
    r.unmount();
  });
});

describe("quitting while a rollback is in flight (I3)", () => {
  it("q, Ctrl-C twice and a signal say 'finishing rollback…' and exit only once the rollback settles", async () => {
    const { m, setRollbackWait } = await model();
    let settle!: () => void;
    setRollbackWait(new Promise<void>((res) => (settle = res)));
    const flag = { gone: false };
    const quit: QuitControl = {};
    const size = { columns: 80, rows: 24 };
    const r = renderAt(
      <>
        <App model={m} theme={theme} copy={() => {}} size={size} quit={quit} />
        <Unmounted flag={flag} />
      </>,
      size,
    );
    await r.waitFor((x) => x.includes("PRE-FLIGHT"));
    await r.press("q");
    const f = await r.waitFor((x) => x.includes("finishing rollback…"), "finishing");
    fits(f, 80, 24);
    await r.press("\x03");
    await r.press("\x03");
    quit.request?.("signal");
    await r.press("y");
    await new Promise((res) => setTimeout(res, 50));
    expect(flag.gone).toBe(false);
    expect(r.frame()).toContain("finishing rollback…");
    settle();
    await r.waitFor(() => flag.gone, "exit after the rollback");
  });

  it("Ctrl-C with nothing in flight quits at once; at 60×20 a signal during a rollback still waits", async () => {
    const { m, setRollbackWait } = await model();
    const flag = { gone: false };
    const r = renderAt(
      <>
        <App model={m} theme={theme} copy={() => {}} size={{ columns: 80, rows: 24 }} />
        <Unmounted flag={flag} />
      </>,
      { columns: 80, rows: 24 },
    );
    await r.waitFor((x) => x.includes("PRE-FLIGHT"));
    await r.press("\x03");
    await r.waitFor(() => flag.gone, "quit on Ctrl-C");

    let settle!: () => void;
    setRollbackWait(new Promise<void>((res) => (settle = res)));
    const quit: QuitControl = {};
    const flag2 = { gone: false };
    const small = renderAt(
      <>
        <App model={m} theme={theme} copy={() => {}} size={{ columns: 60, rows: 20 }} quit={quit} />
        <Unmounted flag={flag2} />
      </>,
      { columns: 60, rows: 20 },
    );
    await small.waitFor((x) => x.includes("R roll back · q quit"), "small screen");
    quit.request?.("signal");
    await small.waitFor((x) => x.includes("finishing rollback…"), "finishing on the small screen");
    expect(flag2.gone).toBe(false);
    settle();
    await small.waitFor(() => flag2.gone, "exit after the rollback");
  });
});

describe("what to do next (I9)", () => {
  it.each([
    [80, 24],
    [120, 40],
    [200, 50],
  ])(
    "at %i×%i: a rollback trigger replaces the green 'promote confirmed' line with R rolls back · a acks",
    async (columns, rows) => {
      const { m, store } = await model();
      const size = { columns, rows };
      const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
      await r.waitFor((x) => x.includes("✓ gate open: p promotes to 10 % green"), "next action: gate open");
      await r.press("p");
      await r.waitFor((x) => x.includes("Promote to 10 % green"));
      await r.press("y");
      await r.waitFor((x) => x.includes("✓ promote confirmed by AWS"), "toast");
      await store.append(
        "alert.raised",
        {
          alert: "trig-1",
          severity: "critical",
          message: "ROLLBACK TRIGGER (12:01 period): green error rate 7.00 % > 5 %",
        },
        "golive",
      );
      const f = await r.waitFor(
        (x) =>
          x.includes("✖ R rolls back · a acks — ROLLBACK TRIGGER (12:01 period): green error rate") &&
          !x.includes("✓ promote confirmed"),
        "trigger line",
      );
      fits(f, columns, rows);
      r.unmount();
    },
  );

  it("says how long the dwell has left, then what the gate waits for", async () => {
    const { m, store, setNow } = await model();
    await store.append(
      "traffic.shift.confirmed",
      { kind: "promote", weights: { blue: 90, green: 10 }, tookMs: 1, attempts: 1 },
      "ann",
    );
    const at = Date.parse(store.state.steps.at(-1)!.confirmedAt);
    setNow(at + 4 * 60_000);
    const size = { columns: 120, rows: 40 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("→ wait: dwell at 10 % has 6m00s left before 50 %"), "dwell line");
    r.unmount();
  });
});

describe("acknowledging", () => {
  it("a burst of a acknowledges each alert once, newest first, never the same twice", async () => {
    const { m, store, calls } = await model();
    for (const id of ["w-1", "w-2"])
      await store.append("alert.raised", { alert: id, severity: "warning", message: `warn ${id}` }, "golive");
    const size = { columns: 120, rows: 40 };
    const r = renderAt(<App model={m} theme={theme} copy={() => {}} size={size} />, size);
    await r.waitFor((x) => x.includes("warn w-2"));
    await r.press("aaa");
    await r.waitFor(() => calls.length >= 2, "two acknowledgements");
    await new Promise((res) => setTimeout(res, 50));
    expect(calls).toEqual(["ack w-2", "ack w-1"]);
    r.unmount();
  });
});
