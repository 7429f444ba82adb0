/**
 * The sign-off rules over a real session store: which items are required, what blocks `success`
 * (traffic, triggers, alerts, checkpoints after the last promotion to 100 %, role blanks), and the
 * roles of a sign-off block in another team's wording.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Runbook } from "../../source/domain/runbook.js";
import { findRole, roleBlanks, roleValues } from "../../source/domain/signoff-roles.js";
import { successBlockers } from "../../source/domain/signoff-rules.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import type { SessionStore } from "../../source/session/store.js";
import { ROOT, SEEDS } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const T0 = "2026-11-23T12:00:00.000Z";

const session = (file: string) => sessionOnClock(file, T0);

const kinds = (rb: Runbook, store: SessionStore, now: number, roles: string[] = []) =>
  successBlockers(rb, store.state, store.events, now, roles).map((b) => b.kind);

describe("sign-off rules on the blue/green checklist", () => {
  it("requires the clocked phases up to the sign-off and the sign-off's own items, nothing after or on-event", async () => {
    const { rb, store, clock } = await session(join(SEEDS, "deployment.md"));
    try {
      clock.set("2026-11-23T14:00:00Z"); // T+2h
      const items = successBlockers(rb, store.state, store.events, clock.now())
        .filter((b) => b.kind === "item")
        .map((b) => /^(i\d+)/.exec(b.text)![1]);
      const phaseOf = (id: string) =>
        rb.sections.find((s) => s.id === rb.items.find((i) => i.id === id)!.section)!;
      const titles = new Set(items.map((id) => phaseOf(id!).title));
      expect(items).toHaveLength(23 + 5 + 29 + 10 + 3);
      expect(titles).toContain("Code Preparation"); // T-24 hours
      expect(titles).toContain("Step 4: Traffic Shift (Canary)"); // T-0
      expect(titles).toContain("Smoke Tests"); // T+1 hour
      expect(titles).toContain("Sign-Off"); // the sign-off's own next steps
      expect(titles).not.toContain("24-Hour Review"); // T+24 hours: after the sign-off
      expect(titles).not.toContain("Immediate Rollback Steps"); // T+X
      expect(titles).not.toContain("Rollback Checklist"); // the rollback procedure, not clocked
      // At T-10 minutes only what is due by then is required.
      clock.set("2026-11-23T11:50:00Z");
      expect(
        successBlockers(rb, store.state, store.events, clock.now()).filter((b) => b.kind === "item"),
      ).toHaveLength(23 + 5 + 3);
    } finally {
      await store.close();
    }
  });

  it("success needs green at 100 % read back, checkpoints after the last promotion, no active trigger or open alert", async () => {
    const { rb, store, clock } = await session(join(SEEDS, "deployment.md"));
    try {
      const now = () => clock.now();
      expect(kinds(rb, store, now())).toContain("traffic");
      expect(successBlockers(rb, store.state, store.events, now())[0]!.text).toBe(
        "traffic never read back from AWS: green at 100 % is not confirmed",
      );
      const confirm = (green: number, kind: "promote" | "rollback" = "promote") =>
        store.append(
          "traffic.shift.confirmed",
          { kind, weights: { blue: 100 - green, green }, tookMs: 300, attempts: 1 },
          "ann",
        );
      const checkpoint = (offsetMinutes: number, status: "OK" | "Issue" = "OK") =>
        store.append(
          "checkpoint.recorded",
          { offsetMinutes, errorRate: 0.2, latencyP95: 30, status, late: false },
          "golive",
        );
      clock.set("2026-11-23T12:00:00Z");
      await confirm(10);
      expect(successBlockers(rb, store.state, store.events, now())[0]!.text).toBe(
        "green is not serving 100 % (AWS last confirmed blue 90 / green 10)",
      );
      await confirm(100);
      expect(kinds(rb, store, now()).filter((k) => k === "checkpoint")).toHaveLength(4);
      for (const m of [15, 30, 45, 60]) {
        clock.advance(15 * 60_000);
        await checkpoint(m);
      }
      expect(kinds(rb, store, now())).not.toContain("checkpoint");
      expect(kinds(rb, store, now())).not.toContain("traffic");

      // A trigger fires: the alert and the trigger both block until acknowledged and read OK again.
      clock.advance(60_000);
      await store.append(
        "alert.raised",
        { alert: "trigger-1", severity: "critical", message: "ROLLBACK TRIGGER: green error rate 8 % > 5 %" },
        "golive",
      );
      expect(kinds(rb, store, now())).toEqual(expect.arrayContaining(["trigger", "alert"]));
      await store.append("alert.acknowledged", { alert: "trigger-1" }, "ann");
      expect(kinds(rb, store, now())).toContain("trigger");
      expect(kinds(rb, store, now())).not.toContain("alert");
      clock.advance(60_000);
      await checkpoint(60);
      expect(kinds(rb, store, now())).not.toContain("trigger");

      // Rolled back, then re-promoted to 100 %: the earlier checkpoints no longer count.
      clock.advance(60_000);
      await confirm(0, "rollback");
      expect(kinds(rb, store, now())).toContain("traffic");
      clock.advance(60_000);
      await confirm(100);
      expect(kinds(rb, store, now()).filter((k) => k === "checkpoint")).toHaveLength(4);
      // The trigger that fired before this promotion was read OK then; it does not block again.
      expect(kinds(rb, store, now())).not.toContain("trigger");
      for (const m of [15, 30, 45]) {
        clock.advance(15 * 60_000);
        await checkpoint(m);
      }
      expect(
        successBlockers(rb, store.state, store.events, now()).find((b) => b.kind === "checkpoint")!.text,
      ).toMatch(/^checkpoint T\+60 after the last promotion to 100 % \(.*\) not recorded$/);
      clock.advance(15 * 60_000);
      await checkpoint(60, "Issue");
      expect(
        successBlockers(rb, store.state, store.events, now()).find((b) => b.kind === "trigger")!.text,
      ).toBe("rollback trigger active: checkpoint T+60 reads Issue");
      // The Deployment Lead role is open until signed, unless it is the one being signed now.
      expect(kinds(rb, store, now())).toContain("role");
      expect(kinds(rb, store, now(), ["Deployment Lead"])).not.toContain("role");
    } finally {
      await store.close();
    }
  });
});

describe("sign-off block roles in any wording", () => {
  it("another team's Approvals block: Release Manager with a date, Approver with a signature", async () => {
    const { text, sha256 } = await readRunbookFile(join(ROOT, "test/fixtures/orbit-release.md"));
    const rb = parseRunbook("orbit-release.md", text, sha256);
    const roles = roleBlanks(rb);
    expect(
      roles.map((r) => [r.role, r.name.label, r.date?.label, r.time?.label, r.signature?.label]),
    ).toEqual([
      ["Release Manager", "Release Manager", "Date", undefined, undefined],
      ["Approver", "Approver", undefined, undefined, "Signature"],
    ]);
    expect(findRole(roles, "approver")!.role).toBe("Approver");
    expect(findRole(roles, "release manager")!.role).toBe("Release Manager");
    expect(findRole(roles, "auditor")).toBeUndefined();
    expect(roleValues(roles[1]!, "Bob", new Date("2026-11-23T13:05:00Z"))).toEqual([
      { field: roles[1]!.name.id, value: "Bob" },
      { field: roles[1]!.signature!.id, value: "/s/ Bob" },
    ]);
  });

  it("the deployment seed's one line: Deployment Lead, Date and Time", async () => {
    const { text, sha256 } = await readRunbookFile(join(SEEDS, "deployment.md"));
    const rb = parseRunbook("deployment.md", text, sha256);
    const [lead, ...rest] = roleBlanks(rb);
    expect(rest).toEqual([]);
    expect(roleValues(lead!, "Ann", new Date("2026-11-23T13:05:00Z")).map((v) => v.value)).toEqual([
      "Ann",
      "2026-11-23",
      "13:05 UTC",
    ]);
  });
});
