/**
 * One sign-off planned (domain/signoff-plan.ts), without the CLI or the cockpit around it: what
 * `golive sign` and the `S` dialog record, in which order, and each refusal by its words and exit
 * code. Until now only spawned CLIs (sign-roles, signoff-refusals) reached it, and they run the
 * bundle, so no mutant of the file could fail a test.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import { checkSignInput, openRoles, planSignoff, recordSignoff } from "../../source/domain/signoff-plan.js";
import { roleBlanks } from "../../source/domain/signoff-roles.js";
import { tempDir } from "../helpers/paths.js";
import { sessionOnClock } from "../helpers/session.js";

const T0 = "2026-11-23T12:00:00.000Z";

const TWO_ROLES = [
  "# Orders rollout",
  "## Prepare (T-1h)\n\n- [ ] Backup taken",
  "## Sign-Off (T+1h)",
  "**Deployment Lead:** ________ Date: ________ Time: ________ Signature: ________",
  "**Approver:** ________",
  "**Deployment Status:**",
  "☐ **SUCCESS** - stable\n☐ **ROLLED BACK** - back on blue\n☐ **IN PROGRESS** - ongoing",
  "",
].join("\n\n");

const NO_BLOCK = "# Orders rollout\n\n## Prepare (T-1h)\n\n- [ ] Backup taken\n";

type Session = Awaited<ReturnType<typeof sessionOnClock>>;

async function on(text: string, test: (s: Session) => Promise<void>) {
  const file = join(tempDir(), "orders.md");
  writeFileSync(file, text);
  const s = await sessionOnClock(file, T0);
  try {
    await test(s);
  } finally {
    await s.store.close();
  }
}

const plan = (s: Session, o: Parameters<typeof planSignoff>[4]) =>
  planSignoff(s.rb, s.store.state, s.store.events, s.clock.now(), o);

function refusal(f: () => unknown): { message: string; exitCode: number; hint?: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const u = e as UserError;
    return { message: u.message, exitCode: u.exitCode, ...(u.hint ? { hint: u.hint } : {}) };
  }
  throw new Error("not refused");
}

describe("checkSignInput", () => {
  it("needs a status or a role, and a reason that is not blank", () => {
    expect(refusal(() => checkSignInput({ signer: "ann" }))).toEqual({
      message: "golive sign needs --status (success, rolled-back, in-progress) or --role NAME",
      exitCode: ExitCode.usage,
      hint: "sign one role of the sign-off block with --role; sign the deployment with --status",
    });
    expect(refusal(() => checkSignInput({ signer: "ann", status: "success", accept: " \t" }))).toEqual({
      message: "--accept needs a reason (it goes into the record)",
      exitCode: ExitCode.usage,
    });
    expect(() => checkSignInput({ signer: "ann", status: "success" })).not.toThrow();
    expect(() => checkSignInput({ signer: "ann", role: "Approver" })).not.toThrow();
    expect(() => checkSignInput({ signer: "ann", status: "success", accept: "x" })).not.toThrow();
  });
});

describe("planSignoff", () => {
  it("refuses success while something is open, and records it with the list when accepted", () =>
    on(TWO_ROLES, async (s) => {
      s.clock.set("2026-11-23T13:05:00Z");
      const refused = plan(s, { signer: "ann", status: "success" });
      expect(refused.kind).toBe("refused");
      const blockers = refused.kind === "refused" ? refused.blockers : [];
      expect(blockers.length).toBeGreaterThan(0);
      const signed = plan(s, { signer: "ann", status: "success", accept: "  known and agreed  " });
      const [lead] = roleBlanks(s.rb);
      expect(signed).toEqual({
        kind: "signed",
        status: "success",
        role: lead,
        accepted: { reason: "known and agreed", open: blockers.map((b) => b.text) },
        fields: [
          { field: lead!.name.id, value: "ann" },
          { field: lead!.date!.id, value: "2026-11-23" },
          { field: lead!.time!.id, value: "13:05 UTC" },
          { field: lead!.signature!.id, value: "/s/ ann" },
          { field: expect.any(String), value: "SUCCESS" },
        ],
      });
    }));

  it("signs in-progress with its status box, and without a role once the default role is signed", () =>
    on(TWO_ROLES, async (s) => {
      const first = plan(s, { signer: "ann", status: "in-progress" });
      expect(first.kind === "signed" && first.fields.map((f) => f.value)).toEqual([
        "ann",
        "2026-11-23",
        "12:00 UTC",
        "/s/ ann",
        "IN PROGRESS",
      ]);
      const [lead] = roleBlanks(s.rb);
      await s.store.append("field.recorded", { field: lead!.name.id, value: "ann", source: "engine" }, "ann");
      const again = plan(s, { signer: "bob", status: "in-progress" });
      expect(again).toEqual({
        kind: "signed",
        status: "in-progress",
        fields: [{ field: expect.any(String), value: "IN PROGRESS" }],
      });
    }));

  it("signs one role alone, its blanks not yet recorded only, and refuses it signed twice", () =>
    on(TWO_ROLES, async (s) => {
      const [lead, approver] = roleBlanks(s.rb);
      expect(approver?.role).toBe("Approver");
      expect(plan(s, { signer: "bob", role: " approver " })).toEqual({
        kind: "role",
        role: approver,
        fields: [{ field: approver!.name.id, value: "bob" }],
      });
      await s.store.append(
        "field.recorded",
        { field: lead!.date!.id, value: "2026-11-22", source: "manual" },
        "ann",
      );
      const leadPlan = plan(s, { signer: "ann", role: "Deployment Lead" });
      expect(leadPlan.kind === "role" && leadPlan.fields.map((f) => f.value)).toEqual([
        "ann",
        "12:00 UTC",
        "/s/ ann",
      ]);
      await s.store.append(
        "field.recorded",
        { field: approver!.name.id, value: "bob", source: "engine" },
        "bob",
      );
      const twice = refusal(() => plan(s, { signer: "carl", role: "Approver" }));
      expect(twice.exitCode).toBe(ExitCode.refused);
      expect(twice.message).toMatch(
        /^role Approver is already signed by bob \(2026-11-23T12:00:00\.000Z\); nothing recorded is overwritten$/,
      );
      expect(openRoles(roleBlanks(s.rb), s.store.state.fields)).toBe("still open: Deployment Lead");
    }));

  it("names the roles there are, or that there is no sign-off block", async () => {
    await on(TWO_ROLES, async (s) => {
      expect(refusal(() => plan(s, { signer: "ann", role: "Auditor" }))).toEqual({
        message: 'no role "Auditor" in the runbook\'s sign-off block (roles: Deployment Lead, Approver)',
        exitCode: ExitCode.usage,
      });
    });
    await on(NO_BLOCK, async (s) => {
      expect(refusal(() => plan(s, { signer: "ann", role: "Auditor" }))).toEqual({
        message: 'the runbook has no sign-off block with role blanks, so there is no role "Auditor" to sign',
        exitCode: ExitCode.usage,
      });
      expect(plan(s, { signer: "ann", status: "in-progress" })).toEqual({
        kind: "signed",
        status: "in-progress",
        fields: [],
      });
    });
  });

  it("signs success with nothing open: no acceptance recorded, even with --accept", () =>
    on(NO_BLOCK, async (s) => {
      for (const item of s.rb.items) await s.store.append("item.checked", { item: item.id }, "ann");
      const to = { blue: 0, green: 100 };
      await s.store.append("traffic.shift.requested", { kind: "promote", to, step: 100 }, "ann");
      await s.store.append(
        "traffic.shift.confirmed",
        { kind: "promote", weights: to, tookMs: 1, attempts: 1 },
        "ann",
      );
      expect(plan(s, { signer: "ann", status: "success" })).toEqual({
        kind: "signed",
        status: "success",
        fields: [],
      });
      expect(plan(s, { signer: "ann", status: "success", accept: "nothing to accept" })).toEqual({
        kind: "signed",
        status: "success",
        fields: [],
      });
    }));

  it("refuses rolled-back until AWS confirmed a rollback, then ticks its box", () =>
    on(TWO_ROLES, async (s) => {
      expect(refusal(() => plan(s, { signer: "ann", status: "rolled-back" }))).toEqual({
        message:
          "refused: no rollback was confirmed by AWS in this session, so it cannot be signed rolled-back",
        exitCode: ExitCode.refused,
        hint: "roll back first (R in the cockpit, or golive rollback --reason …), or sign another status",
      });
      const to = { blue: 100, green: 0 };
      await s.store.append("traffic.shift.requested", { kind: "rollback", to, override: "5xx" }, "ann");
      expect(() => plan(s, { signer: "ann", status: "rolled-back" })).toThrow(/no rollback was confirmed/);
      await s.store.append(
        "traffic.shift.confirmed",
        { kind: "rollback", weights: to, tookMs: 300, attempts: 1 },
        "ann",
      );
      const p = plan(s, { signer: "ann", status: "rolled-back" });
      expect(p.kind === "signed" && p.fields.at(-1)?.value).toBe("ROLLED BACK");
    }));
});

describe("openRoles and recordSignoff", () => {
  it("says when every role is signed", () =>
    on(TWO_ROLES, async (s) => {
      const roles = roleBlanks(s.rb);
      expect(openRoles(roles, {})).toBe("still open: Deployment Lead, Approver");
      const all = Object.fromEntries(roles.map((r) => [r.name.id, { value: "x" }]));
      expect(openRoles(roles, all)).toBe("every role of the sign-off block is signed");
    }));

  it("appends a role's blanks one by one, a sign-off as one event", async () => {
    const calls: [string, unknown][] = [];
    const append = async (type: string, data: never) => {
      calls.push([type, data]);
    };
    const fields = [
      { field: "f1", value: "ann" },
      { field: "f2", value: "2026-11-23" },
    ];
    const role = { role: "Approver", name: { id: "f1" } } as never;
    await recordSignoff({ kind: "role", role, fields }, "ann", append);
    expect(calls).toEqual([
      ["field.recorded", { field: "f1", value: "ann", source: "engine" }],
      ["field.recorded", { field: "f2", value: "2026-11-23", source: "engine" }],
    ]);
    calls.length = 0;
    const accepted = { reason: "agreed", open: ["i1 open"] };
    await recordSignoff({ kind: "signed", status: "success", role, accepted, fields }, "ann", append);
    await recordSignoff({ kind: "signed", status: "in-progress", fields: [] }, "bob", append);
    expect(calls).toEqual([
      ["session.signed", { status: "success", signer: "ann", role: "Approver", accepted, fields }],
      [
        "session.signed",
        { status: "in-progress", signer: "bob", role: undefined, accepted: undefined, fields: [] },
      ],
    ]);
  });
});
