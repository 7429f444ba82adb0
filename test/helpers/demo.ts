/**
 * `golive demo` in real tmux for end-to-end tests: the cockpit and its sandbox in one process,
 * driven by keys, with AWS read and changed through the aws CLI (never through golive), the
 * record read through `golive export`, and time moved on the sandbox clock (never waited out).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { faultBody } from "../../source/commands/sandbox.js";
import { listSessions } from "../../source/session/sessions.js";
import { SessionStore } from "../../source/session/store.js";
import { runAwsCli } from "./aws-batch.js";
import { nextPolls } from "./demo-polls.js";
import { BIN, ROOT, tempDir } from "./paths.js";
import { freePortPair } from "./ports.js";
import { advanceSandboxClock, awsEnv, findAwsClis } from "./sandbox.js";
import { cockpitEnv, TmuxSession } from "./tmux.js";

const exec = promisify(execFile);

export const LISTENER =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/nba-mcp-prod-alb/50dc6c495c0c9188/f2f7dc8efc522ab2";
const BLUE_TG =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nba-mcp-blue/6d0ecf831eec9f09";
const GREEN_TG =
  "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nba-mcp-green/943f017f100becff";

export const SIZES = [
  { columns: 60, rows: 20 },
  { columns: 80, rows: 24 },
  { columns: 200, rows: 50 },
] as const;

/**
 * The speed for demos a test moves on with waitOnClock. A move of the clock makes the demo read the
 * listener and the probes again at once (engine/poll-loops.ts), so steps need not wait for their
 * polls; at 30× every poll of the monitor (metrics, the fleet, the listener, the probes) runs every
 * real second.
 */
export const CLOCKED_SPEED = 30;

export interface Demo {
  t: TmuxSession;
  port: number;
  sessions: string;
  kill(): void;
}

/**
 * The demo at `size`. `--speed 15`: the monitor polls every real second, so alerts and metrics
 * follow a clock the test moves forward; T-0 is 5 sandbox minutes ahead.
 */
export async function startDemo(
  name: string,
  size: { columns: number; rows: number },
  o: { speed?: number } = {},
): Promise<Demo> {
  const port = await freePortPair();
  const sessions = tempDir(`cockpit-${name}-`);
  const t = await TmuxSession.start(
    `cockpit-${name}-${port}`,
    size,
    `node ${BIN} demo --speed ${o.speed ?? 15} --port ${port}`,
    cockpitEnv(sessions, { NO_COLOR: "1" }),
  );
  return { t, port, sessions, kill: () => t.kill() };
}

export async function golive(args: string[], sessions: string) {
  return exec(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, GOLIVE_SESSIONS: sessions },
  });
}

export async function clock(port: number, minutes: number): Promise<void> {
  await advanceSandboxClock(port, minutes * 60_000);
}

/**
 * Waits until the screen satisfies `pred`, moving the sandbox clock on by `stepMinutes` whenever
 * the screen is not yet there: what sandbox time brings (a period's data, a rollout's progress) is
 * never waited out in wall-clock time. A step is taken only once the demo's own polls have read the
 * moved world and drawn it (demo-polls.ts), not after a guessed number of seconds: the listener and
 * the probes the moment the clock jumps (the gate would otherwise close on stale evidence: CI once
 * saw y refused for it), the fast polls twice. The screen is watched meanwhile, so the step that
 * brings the condition ends the wait as soon as it is drawn, not a poll later. At most `maxMinutes`
 * of sandbox time, then the usual ceiling for a frame on its way.
 */
export async function waitOnClock(
  d: { t: TmuxSession; port: number },
  pred: (screen: string) => boolean,
  what: string,
  o: { maxMinutes?: number; stepMinutes?: number } = {},
): Promise<string> {
  const { maxMinutes = 15, stepMinutes = 1 } = o;
  const step = stepMinutes * 60_000;
  const started = Date.now();
  const trace = (m: string) =>
    process.env.GOLIVE_TRACE_WAITS && console.error(`[clock] ${what}: ${m} at ${Date.now() - started} ms`);
  const s = await d.t.screen();
  if (pred(s)) return s;
  // What the screen shows now may be a frame behind the model: one round of polls before any step.
  for (let moved = 0; ; moved += stepMinutes) {
    const seen = await watching(d.t, pred, (until) =>
      nextPolls(d, { ...(moved ? { stepMs: step } : {}), until }),
    );
    if (seen !== undefined) {
      trace(`on screen after ${moved} sandbox min`);
      return seen;
    }
    if (moved + stepMinutes > maxMinutes) break;
    trace(`+${stepMinutes} sandbox min`);
  }
  return d.t.waitFor(pred, `${what} (after ${maxMinutes} sandbox minutes)`);
}

/**
 * Runs `polls` (given a stop flag to heed) while capturing the screen: the screen that satisfies
 * `pred` as soon as one does, else undefined once the polls are done and a last capture does not.
 */
async function watching(
  t: TmuxSession,
  pred: (screen: string) => boolean,
  polls: (until: () => boolean) => Promise<void>,
): Promise<string | undefined> {
  let found: string | undefined;
  let done = false;
  const ran = polls(() => found !== undefined).finally(() => {
    done = true;
  });
  ran.catch(() => {});
  while (!done) {
    const s = await t.screen();
    if (pred(s)) {
      found = s;
      // The polls end at their next look (a read of the sandbox's log in flight, at most): two at once
      // would read the same entries twice into the log the next wait judges polls by.
      await ran.catch(() => {});
      return s;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await ran;
  const s = await t.screen();
  return pred(s) ? s : undefined;
}

/** A fault through the sandbox's admin API (the same body `golive sandbox fault ARGS` posts). */
export async function fault(port: number, ...args: string[]): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/fault`, {
    method: "POST",
    body: JSON.stringify(faultBody(args[0], args.slice(1))),
    headers: { "content-type": "application/json" },
  });
  if (!res.ok) throw new Error(`sandbox fault: HTTP ${res.status} ${await res.text()}`);
}

function aws(): string {
  const c = findAwsClis();
  const cli = c.v2 ?? c.v1;
  if (!cli) throw new Error("no aws CLI on this machine");
  return cli;
}

/** [blue, green] in percent, as the sandbox itself holds the listener (its admin API, not golive). */
export async function listenerWeights(port: number): Promise<number[]> {
  const r = await fetch(`http://127.0.0.1:${port}/_sandbox/state`);
  const w = ((await r.json()) as { weights: Record<string, number> }).weights;
  return [w.blue ?? 0, w.green ?? 0];
}

/** An engineer's own change to the listener, with the aws CLI (outside golive). */
export async function setListener(port: number, blue: number, green: number): Promise<void> {
  const actions = [
    {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: BLUE_TG, Weight: blue },
          { TargetGroupArn: GREEN_TG, Weight: green },
        ],
      },
    },
  ];
  const r = await runAwsCli(
    aws(),
    [
      "--endpoint-url",
      `http://127.0.0.1:${port}`,
      "--output",
      "json",
      "elbv2",
      "modify-listener",
      "--listener-arn",
      LISTENER,
      "--default-actions",
      JSON.stringify(actions),
    ],
    awsEnv(""),
  );
  if (r.code !== 0) throw new Error(`aws elbv2 modify-listener: exit ${r.code}: ${r.stderr.trim()}`);
}

/** The session's events, read from disk without the lock (the cockpit holds it; nothing is written). */
export async function recorded(sessions: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const [s] = (await listSessions(sessions)).filter((x) => !x.problem);
  if (!s) throw new Error(`no session in ${sessions}`);
  const store = await SessionStore.open(s.file, { write: false });
  try {
    return store.events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> }));
  } finally {
    await store.close();
  }
}

/** The first frame with health probes in, at any size (the small screen shows PRE-FLIGHT too). */
export async function firstFrame(d: Demo): Promise<string> {
  // The monitor's first listener read (two agreeing reads) puts the gauge up: then p can plan.
  return d.t.waitFor((x) => x.includes("PRE-FLIGHT") && /blue 100 █+/.test(x), "first frame", 30_000);
}

/** p at the Go decision: o, a reason, Enter once the typed reason shows (a burst with Enter is a paste). */
export async function goWithOverride(t: TmuxSession, percent = 10): Promise<void> {
  await t.keys("p");
  await t.waitFor(
    (x) => x.includes(`Promote to ${percent} % green`) && x.includes("o overrides"),
    "Go dialog",
  );
  await t.keys("o");
  await t.waitFor((x) => x.includes("override reason"), "override input");
  await t.keys("rehearsal");
  await t.waitFor((x) => x.includes("rehearsal"), "override reason typed");
  await t.keys("Enter");
}

/** Every line fits the terminal. */
export function fits(screen: string, size: { columns: number; rows: number }): boolean {
  const lines = screen.replace(/\n$/, "").split("\n");
  return lines.length <= size.rows && lines.every((l) => [...l].length <= size.columns);
}
