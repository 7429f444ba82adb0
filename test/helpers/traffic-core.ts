/**
 * A TrafficCore (engine/traffic-types.ts) with its ports in memory, for the promote and rollback
 * halves on their own: a listener whose reads and writes the test scripts, a session recorder that
 * keeps every event (and can refuse one), a fallback file in memory, a clock that moves only when
 * the code sleeps. The actor, the listener truth and the records are golive's own.
 */
import type { SessionState, Weights } from "../../source/domain/events.js";
import type { FenceToken, ListenerState } from "../../source/domain/ports.js";
import { ListenerTruth } from "../../source/engine/listener-truth.js";
import { TrafficActor } from "../../source/engine/traffic-actor.js";
import { TrafficRecords } from "../../source/engine/traffic-record.js";
import type { TrafficCore } from "../../source/engine/traffic-types.js";
import { parseRunbook } from "../../source/runbook/parse.js";

export const ACTIONS = [{ Type: "authenticate-oidc" }, { Type: "forward" }];

/** The listener as DescribeListeners shows it, raw weights ×10, the default action list with it. */
export const listener = (
  blue: number,
  green: number,
  actions: readonly unknown[] = ACTIONS,
): ListenerState => ({
  weights: { blue, green },
  raw: { blue: blue * 10, green: green * 10 },
  actions,
});

export const RUNBOOK = `# Go-live

## Canary

- [ ] Route 10% traffic to green
- [ ] Route 100% traffic to green

## Verify

- [ ] 100% traffic to v2.0 → Confirmed

## Rollback

- [ ] Rollback decision made by: ____
- [ ] Rollback initiated at: ____
- [ ] Rollback completed at: ____
- [ ] Blue stable after rollback: ☐ Yes ☐ No
- [ ] Traffic back to v1.9 → Confirmed
`;

export interface Recorded {
  type: string;
  data: Record<string, unknown>;
  by: string;
}

/** An AWS SDK error as the client throws it. */
export function awsError(name: string, message: string, attempts?: number): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: 500, ...(attempts ? { attempts } : {}) },
  });
}

export function core(
  o: {
    runbook?: string;
    state?: Partial<SessionState>;
    verifyTimeoutSeconds?: number;
    blueHealthy?: boolean;
    withFallback?: boolean;
    lag?: (since: number) => Promise<string>;
    fence?: { read(): Promise<FenceToken>; bump(kind: string, writer: string): Promise<FenceToken> };
  } = {},
) {
  const clock = {
    t: 1_700_000_000_000,
    now: () => clock.t,
    slept: [] as number[],
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
  /** What AWS holds now; each write sets it unless `landAs` says what it shows instead. */
  const aws = {
    now: listener(100, 0),
    /** Reads (in order) that fail or answer otherwise than `now`; empty: `now`. */
    reads: [] as (Error | ListenerState)[],
    /** Writes (in order) that fail; empty: the write lands. */
    writeFails: [] as Error[],
    writes: [] as { to: Weights; base: ListenerState }[],
    readCount: 0,
    /** What a landed write leaves the listener showing (eventual consistency: the old weights). */
    landAs: undefined as ListenerState | undefined,
  };
  const traffic = {
    read: async () => {
      aws.readCount++;
      const next = aws.reads.shift();
      if (next instanceof Error) throw next;
      return next ?? aws.now;
    },
    write: async (to: Weights, base: ListenerState) => {
      const fail = aws.writeFails.shift();
      if (fail) throw fail;
      aws.writes.push({ to, base });
      aws.now = aws.landAs ?? listener(to.blue, to.green, base.actions);
      return { attempts: 1 };
    },
    manualCommand: (to: Weights, base?: ListenerState) =>
      `aws elbv2 modify-listener ${to.blue}/${to.green}${base?.actions ? "" : " (actions unknown)"}`,
    ...(o.lag ? { lag: o.lag } : {}),
  };
  const events: Recorded[] = [];
  const fallbacks: { type: string; data: Record<string, unknown>; by: string; at: string }[] = [];
  /** Event types the session refuses (the disk full), with the error it gives. */
  const refuse = new Map<string, Error>();
  const state = { items: {}, fields: {}, weights: null, ...o.state } as unknown as SessionState;
  const recorder = {
    get state() {
      return state;
    },
    append: async (type: string, data: unknown, by: string) => {
      const e = refuse.get(type);
      if (e) throw e;
      events.push({ type, data: data as Record<string, unknown>, by });
      return { type, data, by } as never;
    },
  };
  const runbook = parseRunbook("traffic.md", o.runbook ?? RUNBOOK, "0");
  const d = {
    traffic,
    health: {
      targets: async () =>
        o.blueHealthy === false ? { healthy: 1, total: 2, states: [] } : { healthy: 2, total: 2, states: [] },
    },
    probe: { probe: async () => ({ url: "", ms: 1, status: 200, ok: true }) },
    recorder,
    clock,
    config: { canary: { verifyTimeoutSeconds: o.verifyTimeoutSeconds ?? 5 }, health: {} },
    runbook,
    ...(o.withFallback === false
      ? {}
      : {
          fallback: async (ev: (typeof fallbacks)[number]) => {
            fallbacks.push(ev);
            return `/fallback-${fallbacks.length}.jsonl`;
          },
        }),
    ...(o.fence ? { fence: o.fence } : {}),
  };
  const actor = new TrafficActor({ clock, fence: o.fence, writer: "me" });
  const truth = new ListenerTruth({ traffic, actor, clock });
  const c: TrafficCore = {
    d: d as unknown as TrafficCore["d"],
    actor,
    truth,
    rec: new TrafficRecords(d as never),
  };
  const types = () => events.map((e) => e.type);
  const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
  const item = (start: string) => runbook.items.find((i) => i.text.startsWith(start))!.id;
  const field = (start: string) => runbook.fields.find((f) => f.label.startsWith(start))!.id;
  return { c, clock, aws, events, fallbacks, refuse, state, runbook, types, of, item, field };
}
