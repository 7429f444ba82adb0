/**
 * Headless commands beside a sandbox whose clock is not the machine's (`golive sandbox --speed 60`,
 * or a rehearsal started at another date): the engine runs on the session's clock, as the session's
 * events are stamped. On the machine's clock the gate read the sandbox's metrics as "no datapoints
 * in the last periods" (days away), and the record said the rollback completed at the machine's
 * time while it was initiated at the sandbox's.
 *
 * golive runs here with its own clock (the machine's, not injected): only the session names the sandbox.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../source/sandbox/server.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";

let s: Awaited<ReturnType<typeof startSandbox>>;
let sb: Sandbox;
let sessions: string;
const g = (args: string[]) => golive(args, { sessions, env: { GOLIVE_USER: "ann" } });
const iso = () => new Date(sb.clock.now()).toISOString();

beforeEach(async () => {
  s = await startSandbox();
  sb = s.sb;
  sessions = tempDir();
});
afterEach(async () => {
  await sb.stop();
});

describe("headless promote and rollback on a sandbox session, golive on the machine's clock", () => {
  it("the gate judges the sandbox's metrics and dwell on its clock; the rollback's record is on that clock", async () => {
    const made = await g([
      "new",
      "--runbook",
      "checklists/deployment.md",
      "--config",
      s.files.config,
      "--t0",
      "now",
    ]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`clock    the sandbox's at ${sb.awsUrl}`);
    for (const i of ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"])
      expect((await g(["check", i])).code).toBe(0);
    for (const m of ["m314", "m315", "m316", "m405"]) expect((await g(["confirm", m])).code).toBe(0);
    const first = await g(["promote", "--yes"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`read from AWS at ${iso().slice(11, 19)}Z`);
    expect(first.stdout).toContain("✓ promote confirmed by AWS: blue 90 / green 10");
    expect(weightsOnAws(sb)).toEqual({ blue: 90, green: 10 });
    // status: as recorded (no AWS call), and read from AWS now; both on the sandbox's ten-minute dwell.
    const recorded = await g(["status"]);
    expect(recorded.code, recorded.stderr).toBe(0);
    for (const line of [
      "traffic (AWS-confirmed): blue 90 / green 10",
      "gate for 50 % green (from the record, no AWS call; golive status --live reads AWS now): closed",
      "  - dwell at green 10 % has 10m00s left",
      "traffic share: listener says 90/10: no evidence yet (no requests counted at these weights)",
    ])
      expect(recorded.stdout.split("\n")).toContain(line);
    expect(recorded.stdout).toMatch(/^what now: wait: dwell at 10 % has 10m00s left before 50 %/m);
    const live = await g(["status", "--live"]);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout.split("\n")).toContain("gate for 50 % green (read from AWS now): closed");
    expect(live.stdout.split("\n")).toContain("  - dwell at green 10 % has 10m00s left");
    // The dwell is the sandbox's ten minutes: not yet, then after the sandbox moves on, 50 %.
    const early = await g(["promote", "--yes"]);
    expect(early.code).toBe(7);
    expect(early.stderr).toMatch(/refused: dwell at green 10 % has 10m00s left/);
    expect(weightsOnAws(sb)).toEqual({ blue: 90, green: 10 });
    sb.clock.advance(11 * 60_000);
    // What golive cannot measure is confirmed clear again before each step.
    for (const m of ["m314", "m315", "m316", "m405"]) expect((await g(["confirm", m])).code).toBe(0);
    const second = await g(["promote", "--yes"]);
    expect(second.code, second.stderr).toBe(0);
    expect(weightsOnAws(sb)).toEqual({ blue: 50, green: 50 });

    sb.clock.advance(60_000);
    const at = iso();
    const rb = await g(["rollback", "--yes", "--reason", "drill"]);
    expect(rb.code, rb.stderr).toBe(0);
    expect(weightsOnAws(sb)).toEqual({ blue: 100, green: 0 });
    const events = JSON.parse((await g(["export", "--format", "json", "--out", "-"])).stdout).session
      .events as { type: string; at: string; data: { field?: string; value?: string } }[];
    const status = JSON.parse((await g(["status", "--json"])).stdout);
    const fieldId = (label: RegExp) =>
      status.phases
        .flatMap((p: { fields: { id: string; label: string }[] }) => p.fields)
        .find((f: { label: string }) => label.test(f.label)).id as string;
    const fieldValue = (id: string) =>
      events.find((e) => e.type === "field.recorded" && e.data.field === id)?.data.value;
    expect(fieldValue(fieldId(/rollback initiated at/i))).toBe(at);
    expect(fieldValue(fieldId(/rollback completed at/i))).toBe(at);
    expect(
      events
        .filter((e) => e.type.startsWith("traffic.shift"))
        .map((e) => `${e.type} ${e.at}`)
        .slice(-2),
    ).toEqual([`traffic.shift.requested ${at}`, `traffic.shift.confirmed ${at}`]);
  });
});
