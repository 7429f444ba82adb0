import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { phasesOf } from "../../source/domain/phases.js";
import type { Runbook } from "../../source/domain/runbook.js";
import { effectiveThresholds } from "../../source/domain/threshold-defaults.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { SEEDS } from "../helpers/paths.js";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function load(file: string): Promise<Runbook> {
  const { text, sha256 } = await readRunbookFile(file);
  return parseRunbook(file, text, sha256);
}

const offsets = (rb: Runbook) =>
  phasesOf(rb).map((p) => [
    p.section.title,
    p.section.time?.kind === "offset" ? p.section.time.minutes : (p.section.time?.kind ?? null),
    p.items.length,
  ]);

describe("deployment checklist seed (ECS blue/green + canary)", () => {
  const file = join(SEEDS, "deployment.md");

  it("is shipped unchanged in checklists/", () => {
    // The digest of the document as the team handed it over: the tests below are about *their* text.
    expect(sha256(readFileSync(file))).toBe(
      "9630f51950446606a108d8bcb3a72dd2b5179c641d1be4780013a1a7859e3430",
    );
  });

  it("yields the timeline phases with their offsets and item counts", async () => {
    const rb = await load(file);
    expect(rb.title).toBe("Deployment Checklist");
    expect(rb.items).toHaveLength(98);
    expect(offsets(rb)).toEqual([
      ["Pre-Deployment (T-24 hours)", -1440, 23],
      ["Pre-Deployment Verification", -30, 5],
      ["Deployment Execution", 0, 29],
      ["Post-Deployment (T+1 hour)", 60, 10],
      ["Post-Deployment (T+24 hours)", 1440, 13],
      ["Rollback Procedure", null, 5],
      ["Immediate Rollback Steps", "event", 10],
      ["Sign-Off", null, 3],
    ]);
    const rollback = rb.sections.find((s) => s.title === "Immediate Rollback Steps")!;
    expect(rollback.time).toMatchObject({ kind: "event", event: "Issue Detected" });
  });

  it("finds the three baseline blanks of Step 1 with labels and units", async () => {
    const rb = await load(file);
    const capture = rb.items.find((i) => i.text === "Capture baseline metrics:")!;
    const baseline = rb.fields.filter((f) => f.item === capture.id);
    expect(baseline.map((f) => [f.label, f.unit])).toEqual([
      ["Latency p95", "ms"],
      ["Error rate", "%"],
      ["Throughput", "req/s"],
    ]);
    const version = rb.fields.find((f) => f.label === "Record current version")!;
    expect(version.position.line).toBe(115);
    const verify = rb.fields.filter((f) => f.target);
    expect(verify.map((f) => `${f.label} ${f.target}`)).toContain("Error rate < 1%");
    expect(verify.map((f) => `${f.label} ${f.target}`)).toContain("Latency p95 <50ms");
  });

  it("turns the T+15/30/45/60 table into four checkpoint rows of recordable cells", async () => {
    const rb = await load(file);
    const table = rb.tables.find((t) => t.checkpoints)!;
    expect(table.header).toEqual(["Time", "Error Rate", "Latency p95", "Status", "Notes"]);
    expect(table.checkpoints!.map((c) => c.offsetMinutes)).toEqual([15, 30, 45, 60]);
    for (const cp of table.checkpoints!) {
      const status = rb.fields.find((f) => f.id === cp.fields.status)!;
      expect(status.kind).toBe("choice");
      expect(status.options).toEqual(["OK", "Issue"]);
      expect(rb.fields.find((f) => f.id === cp.fields.errorRate)!.unit).toBe("%");
      expect(rb.fields.find((f) => f.id === cp.fields.latencyP95)!.unit).toBe("ms");
      // The Notes column (the fifth) of this checkpoint's row is a recordable cell.
      expect(rb.fields.find((f) => f.id === cp.fields.notes)).toMatchObject({
        kind: "cell",
        table: { id: table.id, row: cp.row, column: 4 },
      });
    }
    // The decision matrix has no blanks: it stays reference text.
    expect(rb.tables).toHaveLength(1);
  });

  it("reads choices, including the multi-line sign-off status boxes", async () => {
    const rb = await load(file);
    const choices = rb.fields.filter((f) => f.kind === "choice" && !f.table);
    expect(choices.map((c) => [c.label, c.options])).toEqual([
      ["System stable after rollback", ["YES", "NO"]],
      ["Incident report created", ["YES", "NO"]],
      ["Deployment Status", ["SUCCESS", "ROLLED BACK", "IN PROGRESS"]],
    ]);
    const lead = rb.fields.filter((f) => f.position.line === 362).map((f) => f.label);
    expect(lead).toEqual(["Deployment Lead", "Date", "Time"]);
  });

  it("takes go and rollback thresholds from the runbook, remembering their lines", async () => {
    const rb = await load(file);
    const th = effectiveThresholds(rb.thresholds);
    expect(th.go.errorRate).toMatchObject({ op: "<", value: 1, unit: "%", source: "runbook" });
    expect(th.go.latencyP95).toMatchObject({ op: "<", value: 50, unit: "ms", line: 37 });
    expect(th.rollback.errorRate).toMatchObject({ op: ">", value: 5, line: 312 });
    expect(th.rollback.latencyP95).toMatchObject({ op: ">", value: 100, line: 313 });
  });

  it("attaches fenced commands to their step, keeping the language", async () => {
    const rb = await load(file);
    expect(rb.blocks).toHaveLength(13);
    expect(rb.commands).toHaveLength(11);
    const shift = rb.commands.find((c) => c.code.includes("Weight=90"))!;
    expect(shift.lang).toBe("bash");
    expect(rb.sections.find((s) => s.id === shift.section)!.title).toBe("Step 4: Traffic Shift (Canary)");
    expect(rb.blocks.find((c) => c.lang === "python" && c.kind === "program")).toBeDefined();
    expect(rb.canary.steps.map((s) => [s.green, s.dwellMinutes])).toEqual([
      [10, 10],
      [50, 10],
      [100, 10],
    ]);
    expect(rb.criteria.go).toEqual([
      "All tests passing",
      "All health checks green",
      "Team on standby",
      "Rollback plan ready",
    ]);
    expect(rb.criteria.noGo).toHaveLength(4);
  });

  it("gives stable ids: the same text parses to the same ids", async () => {
    const a = await load(file);
    const b = await load(file);
    expect(a.items.map((i) => `${i.id}:${i.text}`)).toEqual(b.items.map((i) => `${i.id}:${i.text}`));
    expect(a.items[0]!.id).toBe("i1");
  });
});

describe("go-live runbook seed (EKS, hour by hour)", () => {
  const file = join(SEEDS, "go-live.md");

  it("is shipped unchanged in checklists/", () => {
    expect(sha256(readFileSync(file))).toBe(
      "0d9bbd38e60b7fe78a9691cc9dce23662f391f2f3688562c9a92395be34860c5",
    );
  });

  it("reads `**Time**: N hours before go-live` and durations", async () => {
    const rb = await load(file);
    expect(rb.items).toHaveLength(68);
    const timed = phasesOf(rb).filter((p) => p.section.time);
    expect(
      timed.map((p) => [
        p.section.time?.kind === "offset" ? p.section.time.minutes : null,
        p.section.durationMinutes,
        p.items.length,
      ]),
    ).toEqual([
      [-1440, 120, 3],
      [-240, 60, 2],
      [-120, 30, 2],
      [-60, 30, 2],
      [-30, 15, 2],
      [0, 120, 8],
      [15, 30, 3],
      [60, 120, 3],
      [1440, 60, 3],
    ]);
    expect(rb.sections.find((s) => s.title.startsWith("T-0"))!.team).toBe("All deployment team members");
  });

  it("attaches code blocks nested in items to those items", async () => {
    const rb = await load(file);
    const kubectl = rb.commands.find((c) => c.code.includes("kubectl get nodes"))!;
    expect(rb.items.find((i) => i.id === kubectl.item)!.text).toBe("Final Infrastructure Check");
    expect(rb.blocks).toHaveLength(12);
    expect(rb.commands).toHaveLength(7);
  });

  it("falls back to default thresholds when the runbook states none", async () => {
    const rb = await load(file);
    expect(rb.thresholds).toEqual([]);
    const th = effectiveThresholds(rb.thresholds);
    expect(th.rollback.errorRate).toMatchObject({ value: 5, source: "default" });
    expect(rb.fields).toEqual([]);
  });
});
