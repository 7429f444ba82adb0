import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { EnvConfig, FullEnvConfig } from "../../source/domain/config.js";
import type { EventType } from "../../source/domain/events.js";
import type { Recorder } from "../../source/engine/controller.js";
import { Engine } from "../../source/engine/engine.js";
import { AlbHealth, AlbTraffic } from "../../source/integrations/aws/alb.js";
import { createAwsClients } from "../../source/integrations/aws/clients.js";
import { CloudWatchMetrics } from "../../source/integrations/aws/cloudwatch.js";
import { FenceFile } from "../../source/integrations/fence-file.js";
import { HttpProbe } from "../../source/integrations/http-probe.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import type { Sandbox } from "../../source/sandbox/server.js";
import { SessionStore } from "../../source/session/store.js";
import { SEEDS, tempDir } from "./paths.js";
import { parsedOnce } from "./runbook-once.js";
import { startSandbox } from "./sandbox.js";

/**
 * A session on the deployment seed, wired to a sandbox with the production adapters and SDK
 * clients. The sandbox's manual clock is the engine's and the session's clock.
 */
export async function engineOnSandbox(
  opts: {
    config?: (c: EnvConfig) => EnvConfig;
    dir?: string;
    sandbox?: Parameters<typeof startSandbox>[0];
    /** Another runbook than the deployment seed. */
    runbook?: string;
  } = {},
) {
  const started = await startSandbox(opts.sandbox);
  const { sb, files } = started;
  // The sandbox answers its health URLs in-process, so under a loaded machine (CI beside other
  // work, load 20 on 2 cores) the test's own event loop can hold a probe past the demo's 2 s and
  // the verdict reads "no answer" instead of the 503 a test asserts. No sandbox health URL ever
  // hangs, so a long bound costs nothing; a test of the timeout itself sets its own.
  const base = {
    ...started.config,
    health: { ...started.config.health, timeoutMs: 30_000 },
  } as FullEnvConfig;
  // The tests' transforms keep the sandbox's ALB and ECS.
  const config = (opts.config ? opts.config(base) : base) as FullEnvConfig;
  const file = opts.runbook ?? join(SEEDS, "deployment.md");
  const { text, sha256 } = await readRunbookFile(file);
  const runbook = parsedOnce(file, text, sha256);
  const dir = opts.dir ?? tempDir();
  // This machine's clock, which can jump (skew) while AWS's (the sandbox's) does not.
  let skewMs = 0;
  const clock = { now: () => sb.clock.now() + skewMs };
  const store = await SessionStore.create(
    dir,
    {
      runbook: { file, sha256, title: runbook.title, text },
      t0: new Date(sb.clock.now()).toISOString(),
      lead: "Ann",
      config: { file: files.config, sha256: "x", value: config },
    },
    "Ann",
    clock,
  );
  const fallbacks: unknown[] = [];
  const fallbackFile = join(dir, "fallback.jsonl");
  const build = (s: SessionStore, cfg: FullEnvConfig = config) => {
    const aws = createAwsClients(cfg.aws);
    const engine = new Engine({
      traffic: new AlbTraffic(aws.listener, cfg.alb, cfg.aws),
      fence: new FenceFile(join(dir, `${s.id}.fence`), clock.now),
      health: new AlbHealth(aws.elbv2, config.alb),
      probe: new HttpProbe(),
      metrics: new CloudWatchMetrics(aws.cloudwatch, config.alb),
      recorder: s,
      clock: { now: clock.now, sleep: () => new Promise((r) => setImmediate(r)) },
      config: cfg,
      runbook,
      // Records that could not reach the session go to a real file, as the CLI's do, so tests read
      // back what was written rather than trusting the name they handed out.
      fallback: async (e) => {
        fallbacks.push(e);
        appendFileSync(fallbackFile, `${JSON.stringify(e)}\n`);
        return fallbackFile;
      },
    });
    return { engine, aws };
  };
  const built = build(store);
  return {
    sb,
    config,
    runbook,
    store,
    dir,
    fallbacks,
    fallbackFile,
    ...built,
    /** Another engine on the same session with a different environment (a wrong endpoint, no credentials). */
    engineWith: (cfg: EnvConfig) => build(store, cfg as FullEnvConfig),
    /** Jumps golive's clock (not AWS's) by `ms`, as NTP or a VM resume would. */
    jumpClock(ms: number) {
      skewMs += ms;
    },
    /** Reopens the session in a new engine, as after closing golive. */
    async reopen() {
      const s = await SessionStore.open(store.file, { write: true, clock });
      return { store: s, ...build(s) };
    },
    async stop(extra: { aws: { destroy(): void } }[] = []) {
      built.aws.destroy();
      for (const e of extra) e.aws.destroy();
      await store.close().catch(() => {});
      await sb.stop();
    },
  };
}

export type EngineRig = Awaited<ReturnType<typeof engineOnSandbox>>;

/**
 * A second engine on the rig's session whose disk refuses (ENOSPC) the appends `refuses` picks
 * while `disk.full` is set; everything else goes to the real store.
 */
export function engineOnFlakyDisk(rig: EngineRig, refuses: (type: EventType) => boolean = () => true) {
  const disk = { full: false };
  const recorder: Recorder = {
    get state() {
      return rig.store.state;
    },
    append: (type, data, by) =>
      disk.full && refuses(type)
        ? Promise.reject(new Error("ENOSPC: no space left on device"))
        : rig.store.append(type, data, by),
  };
  return { engine: new Engine({ ...rig.engine.d, recorder }), disk };
}

export function minutes(sb: Sandbox, n: number): void {
  sb.clock.advance(n * 60_000);
}

/** The deployment checklist's items behind its Go / No-Go criteria (what a lead ticks before the Go). */
export const GO_ITEMS = ["i7", "i8", "i9", "i12", "i15", "i16", "i18", "i24", "i27", "i28", "i37", "i38"];
