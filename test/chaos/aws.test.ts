/**
 * AWS, Kubernetes and CloudWatch faults through the real SDK clients against the sandbox. The one
 * invariant on every trial: golive claims a traffic shift only when AWS holds those weights, and
 * what the session records agrees with AWS. Retries are bounded.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EnvConfig } from "../../source/domain/config.js";
import type { ShiftResult } from "../../source/engine/controller.js";
import { KubeChecks } from "../../source/integrations/kubernetes/kube.js";
import { type EngineRig, engineOnSandbox, minutes } from "../helpers/engine.js";
import { tempDir } from "../helpers/paths.js";
import { startSandbox } from "../helpers/sandbox.js";
import { recordChaos } from "./record.js";
import { weightsOnAws } from "./rig.js";

type Engine = EngineRig["engine"];

interface Case {
  fault: string;
  /** Applied once the listener is where the trial needs it. */
  inject?: (rig: EngineRig) => void;
  /** A different environment for the acting engine (wrong endpoint, no credentials). */
  config?: (c: EnvConfig) => EnvConfig;
  /** What AWS should end up doing; either way golive must say exactly that. */
  rollback: "confirmed" | "refused";
  promote: "confirmed" | "refused";
}

const api =
  (
    operation: string,
    kind: Parameters<EngineRig["sb"]["world"]["faults"]["addApi"]>[1],
    count: number,
    delayMs?: number,
  ) =>
  (rig: EngineRig) => {
    rig.sb.world.faults.addApi(operation, kind, count, delayMs);
  };

const CASES: Case[] = [
  {
    fault: "throttling burst on ModifyListener (6 calls)",
    inject: api("ModifyListener", "throttle", 6),
    rollback: "confirmed",
    promote: "refused",
  },
  {
    fault: "throttling burst on every call (3 calls)",
    inject: api("*", "throttle", 3),
    rollback: "confirmed",
    promote: "confirmed",
  },
  {
    fault: "HTTP 500 (3 calls)",
    inject: api("ModifyListener", "500", 3),
    rollback: "confirmed",
    promote: "confirmed",
  },
  { fault: "HTTP 503 (3 calls)", inject: api("*", "503", 3), rollback: "confirmed", promote: "confirmed" },
  {
    fault: "request hangs past the SDK timeout (2 calls)",
    inject: api("ModifyListener", "timeout", 2, 3000),
    config: (c) => ({ ...c, aws: { ...c.aws, timeoutMs: 400 } }),
    rollback: "confirmed",
    promote: "confirmed",
  },
  {
    fault: "connection refused",
    config: (c) => ({ ...c, aws: { ...c.aws, endpoint: "http://127.0.0.1:9" } }),
    rollback: "refused",
    promote: "refused",
  },
  {
    fault: "expired credentials",
    inject: api("*", "expired-credentials", 1000),
    rollback: "refused",
    promote: "refused",
  },
  {
    fault: "missing credentials",
    config: (c) => ({ ...c, aws: { ...c.aws, sandbox: false, profile: "golive-chaos-no-such-profile" } }),
    rollback: "refused",
    promote: "refused",
  },
  {
    fault: "AccessDenied on ModifyListener",
    inject: api("ModifyListener", "access-denied", 1000),
    rollback: "refused",
    promote: "refused",
  },
  {
    fault: "eventual consistency (5 stale DescribeListeners)",
    inject: api("DescribeListeners", "stale-read", 5),
    rollback: "confirmed",
    promote: "confirmed",
  },
  {
    fault: "listener deleted",
    inject: (rig) => rig.sb.world.faults.setListenerDeleted(true),
    rollback: "refused",
    promote: "refused",
  },
];

const modifyCalls = (rig: EngineRig) =>
  rig.sb.world.log.filter((e) => e.operation === "ModifyListener").length;

/** Brings AWS and the session to `green` % with no fault active. */
async function settle(rig: EngineRig, green: number) {
  rig.sb.world.clearFaults();
  if (weightsOnAws(rig.sb).green !== 0)
    expect((await rig.engine.rollback({ by: "Ann", reason: "reset" })).ok).toBe(true);
  while (weightsOnAws(rig.sb).green < green)
    expect((await rig.engine.promote({ by: "Ann", override: "chaos setup" })).ok).toBe(true);
}

/** Truthful: ok ⇔ AWS shows the target; on ok the session agrees; on failure nothing was claimed. */
function truthful(rig: EngineRig, r: ShiftResult, confirmedBefore: number) {
  const onAws = weightsOnAws(rig.sb);
  const confirmed = rig.store.events.filter((e) => e.type === "traffic.shift.confirmed").length;
  const atTarget = onAws.blue === r.to.blue && onAws.green === r.to.green;
  if (r.ok)
    return atTarget && confirmed === confirmedBefore + 1 && rig.store.state.weights?.green === onAws.green;
  return confirmed === confirmedBefore && !!r.error && !!r.manualCommand;
}

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("AWS faults: never claimed unverified, bounded retries", () => {
  for (const c of CASES) {
    it(c.fault, async () => {
      // No credentials anywhere the default chain looks, and no instance metadata to ask.
      process.env.AWS_EC2_METADATA_DISABLED = "true";
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(tempDir(), "none");
      process.env.AWS_CONFIG_FILE = join(tempDir(), "none");
      for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"])
        delete process.env[k];
      const rig = await engineOnSandbox();
      const acting: { engine: Engine; aws: { destroy(): void } } = c.config
        ? rig.engineWith(c.config(rig.config))
        : rig;
      let trials = 0;
      let survived = 0;
      let outcomeAsExpected = 0;
      try {
        for (const from of [10, 50, 100, 0]) {
          await settle(rig, from);
          c.inject?.(rig);
          const before = rig.store.events.filter((e) => e.type === "traffic.shift.confirmed").length;
          const calls = modifyCalls(rig);
          const kind = from === 0 ? "promote" : "rollback";
          const r =
            kind === "promote"
              ? await acting.engine.promote({ by: "Ann", override: "chaos" })
              : await acting.engine.rollback({ by: "Ann", reason: "chaos" });
          trials++;
          const bounded =
            modifyCalls(rig) - calls <= (kind === "promote" ? 1 : 3) * rig.config.aws.maxAttempts;
          if (truthful(rig, r, before) && bounded) survived++;
          if ((r.ok ? "confirmed" : "refused") === c[kind]) outcomeAsExpected++;
          expect({
            kind,
            truthful: truthful(rig, r, before),
            bounded,
            error: r.ok ? undefined : r.error,
          }).toMatchObject({
            kind,
            truthful: true,
            bounded: true,
          });
          expect(r.ok ? "confirmed" : "refused", `${kind}: ${r.error ?? ""}`).toBe(c[kind]);
          rig.sb.world.clearFaults();
          rig.sb.world.faults.setListenerDeleted(false);
        }
      } finally {
        if (acting !== rig) acting.aws.destroy();
        await rig.stop();
      }
      recordChaos({
        area: "aws",
        fault: c.fault,
        trials,
        survived,
        lost: trials - survived,
        checked: `rollback from 10/50/100 % ${c.rollback}, promote ${c.promote} (${outcomeAsExpected}/${trials} as expected); claimed only what DescribeListeners showed; ModifyListener calls bounded`,
      });
    });
  }
});

describe("CloudWatch: no data, partial data, failing", () => {
  it("shows no data (never zero) without traffic, partial windows as they are, and failures as reports, not throws", async () => {
    const rig = await engineOnSandbox();
    let trials = 0;
    let survived = 0;
    try {
      const m = rig.engine.monitor;
      // Green has had no traffic for the hour of history: no datapoints, so no data.
      trials++;
      expect(await m.pollMetrics()).toBe(true);
      expect(m.snapshot.green.current.errorRate).toBeNull();
      expect(
        m.snapshot.green.series.every((p) => p.requests === 0) || m.snapshot.green.series.length === 0,
      ).toBe(true);
      expect(m.snapshot.blue.current.errorRate).not.toBeNull();
      survived++;
      // Two minutes of green traffic: a partial window, with numbers from those periods only.
      trials++;
      await rig.engine.promote({ by: "Ann", override: "chaos" });
      minutes(rig.sb, 3);
      expect(await m.pollMetrics()).toBe(true);
      const withTraffic = m.snapshot.green.series.filter((p) => p.requests > 0);
      expect(withTraffic.length).toBeGreaterThanOrEqual(1);
      expect(withTraffic.length).toBeLessThanOrEqual(3);
      expect(m.snapshot.green.current.throughput).toBeGreaterThan(0);
      survived++;
      // GetMetricData failing: the poll reports it, keeps the last numbers (marked stale), raises one warning episode.
      trials++;
      const last = m.snapshot.green.current;
      rig.sb.world.faults.addApi("GetMetricData", "500", 1000);
      for (let i = 0; i < 3; i++) expect(await m.pollMetrics()).toBe(false);
      expect(m.snapshot.errors.some((e) => e.source === "metrics")).toBe(true);
      expect(m.snapshot.green.current).toEqual(last);
      expect(
        rig.store.events.some(
          (e) => e.type === "alert.raised" && /metrics failing/.test(JSON.stringify(e.data)),
        ),
      ).toBe(true);
      rig.sb.world.clearFaults();
      expect(await m.pollMetrics()).toBe(true);
      expect(m.snapshot.errors.some((e) => e.source === "metrics")).toBe(false);
      survived++;
    } finally {
      await rig.stop();
    }
    recordChaos({
      area: "aws",
      fault: "CloudWatch no data / partial data / GetMetricData failing",
      trials,
      survived,
      lost: 0,
      checked:
        "null (no data) not 0; a 3-minute window read as it is; failures reported, last values kept but stale, one warning episode, recovery clears",
    });
  });
});

describe("Kubernetes API down or slow", () => {
  it("a refused or hanging API server gives a one-line reason within the timeout, never a hang", async () => {
    const { sb, files } = await startSandbox();
    let trials = 0;
    let survived = 0;
    try {
      const slow = new KubeChecks({ kubeconfig: files.kubeconfig, timeoutMs: 300 });
      for (const check of ["apiReachable", "nodesReady"] as const) {
        trials++;
        sb.world.faults.addApi("kubernetes", "timeout", 1, 20_000);
        await expect(slow[check]()).rejects.toThrow(/did not answer .* within 0.3 s/);
        sb.world.clearFaults();
        expect((await slow[check]()).ok).toBe(true);
        survived++;
      }
      const dead = join(tempDir(), "kubeconfig");
      writeFileSync(
        dead,
        JSON.stringify({
          apiVersion: "v1",
          kind: "Config",
          clusters: [{ name: "down", cluster: { server: "http://127.0.0.1:9" } }],
          users: [{ name: "u", user: { token: "x" } }],
          contexts: [{ name: "down", context: { cluster: "down", user: "u" } }],
          "current-context": "down",
        }),
      );
      const down = new KubeChecks({ kubeconfig: dead, timeoutMs: 2000 });
      for (const check of ["apiReachable", "nodesReady"] as const) {
        trials++;
        await expect(down[check]()).rejects.toThrow(/refused the connection/);
        survived++;
      }
    } finally {
      await sb.stop();
    }
    recordChaos({
      area: "kubernetes",
      fault: "API server hanging / down",
      trials,
      survived,
      lost: 0,
      checked:
        "abort after the configured timeout with a one-line reason; connection refused named; recovers when the fault clears",
    });
  });
});
