/**
 * The data plane's read-back in the record (issue 16): each step's traffic share at its end — green's
 * received share against the weight AWS confirmed, its 99.9 % interval and CONSISTENT / MISMATCH /
 * NOT ENOUGH EVIDENCE — in the recorded gate, in `status --json`, and in the Markdown, JSON and HTML
 * exports' per-step tables; `golive verify` recomputes the JSON's from the chain. A step that counted
 * no request says "not measured", never a share.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultBody } from "../../source/commands/sandbox.js";
import { SHARE_ALERT_KEY } from "../../source/engine/trigger-share.js";
import { golive } from "../helpers/cli.js";
import { type EngineRig, engineOnSandbox, minutes } from "../helpers/engine.js";

async function fault(rig: EngineRig, ...args: string[]) {
  const res = await fetch(`${rig.sb.awsUrl}/_sandbox/fault`, {
    method: "POST",
    body: JSON.stringify(faultBody(args[0], args.slice(1))),
  });
  expect(res.status).toBe(200);
}

const cli = async (rig: EngineRig, ...args: string[]) => {
  const r = await golive([...args, "--session", rig.store.file], {
    clock: { now: () => rig.sb.clock.now() },
  });
  expect(r.stderr).toBe("");
  return r;
};

const shareRow = /\| (\d+) % \|.*\| ([^|]*) \|$/;

describe("traffic share in the record", () => {
  it("each step's share at its end: recorded gate, status --json, Markdown, JSON (verified), HTML", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      // Green at its weight over the 10 % step's dwell.
      for (let i = 0; i < 10; i++) {
        minutes(rig.sb, 1);
        await rig.engine.monitor.pollMetrics();
      }
      await rig.engine.controller.promote({ greenPercent: 50, by: "Ann" });
      await fault(rig, "rule", "90%");
      for (let i = 0; i < 10 && !rig.store.state.alerts.some((a) => a.key === SHARE_ALERT_KEY); i++) {
        minutes(rig.sb, 1);
        await rig.engine.monitor.pollMetrics();
      }
      expect(rig.store.state.alerts.some((a) => a.key === SHARE_ALERT_KEY)).toBe(true);
      await rig.engine.acknowledgeAll("Ann");

      // The gate as the record holds it: the share is an input, and the mismatch holds promotion.
      const st = JSON.parse((await cli(rig, "status", "--json")).stdout);
      const input = st.gate.inputs.find((i: { input: string }) => i.input === "traffic-share");
      expect(input.value).toMatch(/^listener says 50\/50 but green received \d+(\.\d)? %/);
      expect(st.gate.allowed).toBe(false);
      expect(st.gate.reasons.join("\n")).toMatch(/traffic-share: listener says 50\/50 but green received/);
      expect(st.steps.map((s: { step: number }) => s.step)).toEqual([10, 50]);
      expect(st.steps[0].trafficShare).toMatchObject({
        result: "CONSISTENT",
        weights: { blue: 90, green: 10 },
      });
      expect(st.steps[1].trafficShare).toMatchObject({
        result: "MISMATCH",
        weights: { blue: 50, green: 50 },
      });
      expect(st.steps[1].trafficShare.interval.upper).toBeLessThan(48);
      // `golive metrics --json` (a fresh read) has the same steps beside the current share.
      const m = JSON.parse((await cli(rig, "metrics", "--json")).stdout);
      expect(m.trafficShare.result).toBe("MISMATCH");
      expect(m.steps.map((s: { trafficShare: { result: string } }) => s.trafficShare.result)).toEqual([
        "CONSISTENT",
        "MISMATCH",
      ]);

      expect((await rig.engine.rollback({ by: "Ann", reason: "data plane" })).ok).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), "share-record-"));

      // JSON: the steps as status gives them, at each step's end, and verify holds them to the chain.
      const jsonFile = join(dir, "record.json");
      expect((await cli(rig, "export", "--format", "json", "--out", jsonFile)).code).toBe(0);
      const j = JSON.parse(readFileSync(jsonFile, "utf8"));
      expect(j.steps.map((s: { trafficShare: { result: string } }) => s.trafficShare.result)).toEqual([
        "CONSISTENT",
        "MISMATCH",
      ]);
      const n10 = j.steps[0].trafficShare.requests;
      expect(n10).toBe(j.steps[0].trafficShare.blue + j.steps[0].trafficShare.green);
      expect((await golive(["verify", jsonFile])).code).toBe(0);
      j.steps[1].trafficShare.result = "CONSISTENT";
      writeFileSync(jsonFile, JSON.stringify(j));
      const bad = await golive(["verify", jsonFile]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/step verdicts and traffic shares are not what its recorded periods give/);

      // Markdown: the verdict table's share column, one row per step.
      const md = (await cli(rig, "export", "--out", "-")).stdout;
      const rows = md
        .split("\n")
        .filter((l) => shareRow.test(l) && /weight/.test(l))
        .map((l) => shareRow.exec(l)!.slice(1));
      expect(rows).toHaveLength(2);
      expect(rows[0]![1]).toMatch(
        new RegExp(
          `^CONSISTENT: green \\d+(\\.\\d)? % of ${n10.toLocaleString("en-US")} \\(99\\.9 % .*; weight 90/10\\)$`,
        ),
      );
      expect(rows[1]![1]).toMatch(/^MISMATCH: green \d+(\.\d)? % of [\d,]+ \(99\.9 % .*; weight 50\/50\)$/);

      // HTML: the same cell in the steps table, marked as the mismatch it is.
      const htmlFile = join(dir, "record.html");
      expect((await cli(rig, "export", "--format", "html", "--out", htmlFile)).code).toBe(0);
      const html = readFileSync(htmlFile, "utf8");
      expect(html).toContain("Traffic share (green received vs listener weight)");
      expect(html).toMatch(
        /<span class="bad">MISMATCH: green [\d.]+ % of [\d,]+ \(99\.9 % [^<]*weight 50\/50\)<\/span>/,
      );
      expect(html).toMatch(/<span class="ok">CONSISTENT: green [\d.]+ % of [\d,]+/);
      expect((await golive(["verify", htmlFile])).code).toBe(0);
    } finally {
      await rig.stop();
    }
  });

  it("a step that counted no request: 'not measured', never a share", async () => {
    const rig = await engineOnSandbox();
    try {
      await rig.engine.controller.promote({ greenPercent: 10, by: "Ann" });
      expect((await rig.engine.rollback({ by: "Ann", reason: "drill" })).ok).toBe(true);
      const st = JSON.parse((await cli(rig, "status", "--json")).stdout);
      expect(st.steps[0].trafficShare).toMatchObject({
        requests: 0,
        sharePercent: null,
        result: "NOT ENOUGH EVIDENCE",
      });
      const md = (await cli(rig, "export", "--out", "-")).stdout;
      const row = md.split("\n").find((l) => l.startsWith("| 10 % |"))!;
      expect(row).toMatch(/\| not measured \(no requests counted at weight 90\/10\) \|$/);
      expect(row).not.toMatch(/green \d/);
    } finally {
      await rig.stop();
    }
  });
});
