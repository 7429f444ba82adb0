/**
 * What blocks `success`, beyond the seed's happy path: the items a sign-off at a clock time requires,
 * a runbook with no sign-off block or checkpoint table, the order and words of the list a lead reads,
 * and which readings and triggers count since the last promotion to 100 %.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { roleBlanks } from "../../source/domain/signoff-roles.js";
import { successBlockers } from "../../source/domain/signoff-rules.js";
import { SEEDS, tempDir } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const T0 = "2026-11-23T12:00:00.000Z";

const runbookFile = (text: string) => {
  const file = join(tempDir(), "orders.md");
  writeFileSync(file, text);
  return file;
};

const PHASES = [
  "# Orders rollout\n\n## Prepare (T-1h)\n\n- [ ] Backup taken\n",
  "## Verify (T+1h)\n\n- [ ] Dashboards checked\n",
  "## Final checks (T+2h)\n\n- [ ] Error budget reviewed\n",
];
const AFTER = "## Rollback (T+X)\n\n- [ ] Backup restored\n";

type Session = Awaited<ReturnType<typeof sessionOnClock>>;

/** A test on a fresh session, closed whatever the test's outcome. */
const closing =
  <S extends Session>(open: () => Promise<S>, test: (s: S) => Promise<void>) =>
  async () => {
    const s = await open();
    try {
      await test(s);
    } finally {
      await s.store.close();
    }
  };
const blockers = ({ rb, store, clock }: Session) =>
  successBlockers(rb, store.state, store.events, clock.now());
const openItems = (s: Session) =>
  blockers(s)
    .filter((b) => b.kind === "item")
    .map((b) => b.text.replace(/^i\d+ open: /, ""));

describe("the items success requires", () => {
  const SIGNOFF = "## Sign-Off (T+2h)\n\nDeployment Lead: ________\n\n- [ ] Announced in #releases\n";
  const REVIEW = "## Review (T+3h)\n\n- [ ] Retro booked\n";
  const onRunbook =
    (...sections: string[]) =>
    () =>
      sessionOnClock(runbookFile([...PHASES, ...sections, AFTER].join("\n")), T0);

  it(
    "a sign-off at T+2h: what is due up to and at it, and its own items; not a later phase, even signed late",
    closing(onRunbook(SIGNOFF, REVIEW), async (s) => {
      s.clock.set("2026-11-23T17:00:00Z"); // T+5h
      expect(openItems(s)).toEqual([
        "Backup taken (Prepare (T-1h))",
        "Dashboards checked (Verify (T+1h))",
        "Error budget reviewed (Final checks (T+2h))",
        "Announced in #releases (Sign-Off (T+2h))",
      ]);
      await s.store.append("item.checked", { item: "i1" }, "ann");
      expect(openItems(s)).not.toContain("Backup taken (Prepare (T-1h))");
    }),
  );

  it(
    "no sign-off block and no checkpoint table: what is due by now, and traffic",
    closing(onRunbook(), async (s) => {
      s.clock.set("2026-11-23T13:30:00Z");
      expect(openItems(s)).toEqual(["Backup taken (Prepare (T-1h))", "Dashboards checked (Verify (T+1h))"]);
      await s.store.append(
        "traffic.shift.confirmed",
        { kind: "promote", weights: { blue: 0, green: 100 }, tookMs: 300, attempts: 1 },
        "ann",
      );
      expect(blockers(s).map((b) => b.kind)).toEqual(["item", "item"]);
    }),
  );
});

/** The seed, with golive's own events: each shift requested, then confirmed by AWS. */
async function seed() {
  const s = await sessionOnClock(join(SEEDS, "deployment.md"), T0);
  /** At this time of day (then, what happens at it). */
  const at = async (iso: string, then?: () => Promise<unknown>) => {
    s.clock.set(`2026-11-23T${iso}:00Z`);
    await then?.();
  };
  const shift = async (green: number, kind: "promote" | "rollback" = "promote") => {
    const to = { blue: 100 - green, green };
    await s.store.append("traffic.shift.requested", { kind, to }, "ann");
    await s.store.append("traffic.shift.confirmed", { kind, weights: to, tookMs: 300, attempts: 1 }, "ann");
  };
  const alert = (alert: string, message: string) =>
    s.store.append("alert.raised", { alert, severity: "critical", message }, "golive");
  const checkpoint = (offsetMinutes: number, status: "OK" | "Issue" | "no data" = "OK") =>
    s.store.append(
      "checkpoint.recorded",
      { offsetMinutes, errorRate: 0.2, latencyP95: 30, status, late: false },
      "golive",
    );
  /** The table's four readings, T+15 to T+60 after a promotion at this hour (on the hour). */
  const readings = async (hour: number) => {
    for (const m of [15, 30, 45, 60])
      await at(`${hour + Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}`, () => checkpoint(m));
  };
  const kinds = () => blockers(s).map((b) => b.kind);
  const text = (kind: string) => blockers(s).find((b) => b.kind === kind)?.text;
  return { ...s, at, shift, alert, checkpoint, readings, kinds, text };
}

describe("what blocks success after the shifts", () => {
  it(
    "most serious first, each in words that say what to do",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(100));
      await s.at("12:05", () => s.alert("trigger-1", "ROLLBACK TRIGGER: green error rate 8 % > 5 %"));
      await s.at("12:06", () => s.shift(0, "rollback"));
      expect([...new Set(s.kinds())]).toEqual(["traffic", "trigger", "alert", "checkpoint", "role", "item"]);
      expect(s.text("alert")).toBe(
        "alert not acknowledged: critical ROLLBACK TRIGGER: green error rate 8 % > 5 % (2026-11-23T12:05:00.000Z)",
      );
      const lead = roleBlanks(s.rb)[0]!;
      expect(s.text("role")).toBe(
        `role not signed: Deployment Lead (${lead.name.id}; golive sign --role "Deployment Lead")`,
      );
    }),
  );

  it(
    "a trigger before any promotion to 100 % blocks; after a rollback, a re-promotion short of 100 % does not hide it",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(10));
      await s.alert("trigger-1", "ROLLBACK TRIGGER: green p95 140 ms > 100 ms");
      // Nothing reached 100 %: no checkpoint is due yet, the trigger is.
      expect(s.kinds()).toContain("trigger");
      expect(s.kinds()).not.toContain("checkpoint");
      await s.at("12:10", () => s.shift(100));
      await s.at("12:20", () => s.alert("trigger-2", "ROLLBACK TRIGGER: green error rate 8 % > 5 %"));
      await s.at("12:21", () => s.shift(0, "rollback"));
      await s.at("12:40", () => s.shift(10));
      expect(s.text("trigger")).toBe(
        "rollback trigger active: ROLLBACK TRIGGER: green error rate 8 % > 5 % (2026-11-23T12:20:00.000Z), no OK checkpoint since",
      );
    }),
  );

  it(
    "an ordinary alert, acknowledged, is no rollback trigger",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(100));
      await s.alert("disk-1", "disk 91 % on the reporting host");
      await s.store.append("alert.acknowledged", { alert: "disk-1" }, "ann");
      expect(s.kinds()).not.toContain("trigger");
      expect(s.kinds()).not.toContain("alert");
    }),
  );

  it(
    "readings: the latest counts, a re-checked T+15 included; an older promotion's do not; no data clears nothing",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(100));
      await s.readings(12);
      expect(s.kinds()).not.toContain("trigger");
      // T+15 re-checked: the latest reading.
      await s.at("13:05", () => s.checkpoint(15, "Issue"));
      expect(s.text("trigger")).toBe("rollback trigger active: checkpoint T+15 reads Issue");
      await s.at("13:10", () => s.shift(0, "rollback"));
      await s.at("13:20", () => s.shift(100));
      // That Issue was read before this promotion: it led to the rollback, it does not block again.
      expect(s.kinds()).not.toContain("trigger");
      expect(s.kinds().filter((k) => k === "checkpoint")).toHaveLength(4);
      await s.at("13:25", () => s.alert("trigger-3", "ROLLBACK TRIGGER: green error rate 6 % > 5 %"));
      await s.at("13:35", () => s.checkpoint(15, "no data"));
      expect(s.text("trigger")).toMatch(/^rollback trigger active: ROLLBACK TRIGGER: green error rate 6 %/);
    }),
  );

  it(
    "at the very moment of the promotion: a reading counts for it, a trigger counts against it, an OK does not clear it",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(100));
      await s.alert("trigger-1", "ROLLBACK TRIGGER: green error rate 8 % > 5 %");
      await s.checkpoint(15); // same instant as the trigger: not a reading after it
      expect(s.text("trigger")).toMatch(/no OK checkpoint since$/);
      expect(
        blockers(s)
          .filter((b) => b.kind === "checkpoint")
          .map((b) => b.text),
      ).not.toContainEqual(expect.stringMatching(/^checkpoint T\+15 /));
      await s.checkpoint(30, "Issue");
      expect(s.text("trigger")).toBe("rollback trigger active: checkpoint T+30 reads Issue");
    }),
  );
});

describe("a promotion to 100 % that golive's restart found done", () => {
  // golive died between asking AWS for 100 % and reading it back; on reopen the listener showed the
  // promotion applied (controller.ts: traffic.observed "reconciled-completed", no shift.confirmed).
  const reconciled = (
    s: Awaited<ReturnType<typeof seed>>,
    green = 100,
    kind: "promote" | "rollback" = "promote",
    observation: "reconciled-completed" | "reconciled-not-applied" = "reconciled-completed",
  ) =>
    s.at("12:10", async () => {
      const to = kind === "promote" ? { blue: 100 - green, green } : { blue: 100, green: 0 };
      const weights = { blue: 100 - green, green };
      await s.store.append("traffic.shift.requested", { kind, to }, "ann");
      const detail = `a ${kind} was pending: blue ${weights.blue} / green ${weights.green}`;
      await s.store.append("traffic.observed", { observation, weights, expected: to, detail }, "ann");
    });

  it(
    "is green serving 100 %: no traffic blocker, and the checkpoints count from it",
    closing(seed, async (s) => {
      await s.at("12:00", () => s.shift(10));
      await reconciled(s);
      expect(s.store.state.weights).toEqual({ blue: 0, green: 100 });
      expect(s.kinds()).not.toContain("traffic");
      expect(s.text("checkpoint")).toBe(
        "checkpoint T+15 after the last promotion to 100 % (2026-11-23T12:10:00.000Z) not recorded",
      );
    }),
  );

  it(
    "after an earlier promotion to 100 % and a rollback, the checkpoints are counted from the new one",
    closing(seed, async (s) => {
      await s.at("11:00", () => s.shift(100));
      await s.at("11:05", () => s.alert("trigger-1", "ROLLBACK TRIGGER: green error rate 8 % > 5 %"));
      await s.at("11:06", () => s.shift(0, "rollback"));
      await reconciled(s);
      // The trigger led to the rollback before this promotion: it does not block again.
      expect(s.kinds()).not.toContain("trigger");
      expect(s.text("checkpoint")).toMatch(/\(2026-11-23T12:10:00\.000Z\) not recorded$/);
    }),
  );

  it(
    "only a promotion found done at 100 % is one: one found done short of it does not hide an earlier trigger",
    closing(seed, async (s) => {
      await s.at("11:00", () => s.shift(100));
      await s.at("11:05", () => s.alert("trigger-1", "ROLLBACK TRIGGER: green error rate 8 % > 5 %"));
      await s.at("11:06", () => s.shift(0, "rollback"));
      await reconciled(s, 10);
      expect(s.text("trigger")).toMatch(/^rollback trigger active: ROLLBACK TRIGGER: green error rate 8 %/);
    }),
  );

  it(
    "a rollback found not applied (green still at 100 %) is no new promotion: the checkpoints stay counted",
    closing(seed, async (s) => {
      await s.at("11:00", () => s.shift(100));
      await s.readings(11);
      await reconciled(s, 100, "rollback", "reconciled-not-applied");
      expect(s.store.state.weights).toEqual({ blue: 0, green: 100 });
      expect(s.kinds()).not.toContain("checkpoint");
    }),
  );
});
