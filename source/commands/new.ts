import { dirname, join, resolve } from "node:path";
import { missingLines, partsSummary } from "../domain/config.js";
import { decisionMatrix } from "../domain/decision-matrix.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { type InForce, inForceWith } from "../domain/in-force.js";
import { sourceText, stepsText } from "../domain/in-force-text.js";
import { templateWarnings } from "../domain/message-templates.js";
import { bindCustom } from "../domain/stated.js";
import { unmeasuredWarnings } from "../domain/stated-text.js";
import { parseT0 } from "../domain/t0.js";
import { formatTClock } from "../domain/time.js";
import { keepParsedRunbook } from "../runbook/cache.js";
import { parseRunbook } from "../runbook/parse.js";
import { readRunbookFile } from "../runbook/read.js";
import { runbookWarnings, storedRunbookText } from "../runbook/warnings.js";
import { keptSessionConfig } from "../session/config-cache.js";
import { SessionStore } from "../session/store.js";
import { actor, type Ctx, type GlobalOpts, out, sessionsDir } from "./context.js";
import { loadEnvConfig } from "./env-config.js";
import { clockForEnvironment } from "./session-clock.js";

interface Opts extends GlobalOpts {
  runbook: string;
  t0?: string;
  version?: string;
  lead?: string;
  env?: string;
  config?: string;
}

export async function run(ctx: Ctx, o: Opts): Promise<number> {
  const file = resolve(ctx.cwd, o.runbook);
  const { text, sha256 } = await readRunbookFile(file, o.runbook);
  const rb = parseRunbook(o.runbook, text, sha256);
  const stored = storedRunbookText(rb, text);
  for (const w of runbookWarnings(rb, text)) ctx.stderr.write(`golive: warning: ${w}\n`);
  const env = o.config ? await loadEnvConfig(resolve(ctx.cwd, o.config), o.config) : undefined;
  // Every session names its clock; a sandbox's (compressed) clock also sets T-0 and the stamps.
  const named = await clockForEnvironment(env?.config, o.config);
  const clock = named.now ? { now: named.now } : ctx.clock;
  const now = clock.now();
  let t0: number;
  try {
    t0 = o.t0 ? parseT0(o.t0, now) : Math.ceil((now + 1) / 3_600_000) * 3_600_000;
  } catch (e) {
    throw new UserError(`--t0: ${(e as Error).message}`, ExitCode.usage);
  }
  const by = actor(ctx, o);
  // With a config, thresholds on the team's own metrics that its metrics.custom names are measured.
  const bound = { stated: bindCustom(rb.stated, env?.config.metrics.custom) };
  const store = await SessionStore.create(
    sessionsDir(ctx, o),
    {
      runbook: { file: o.runbook, sha256, title: rb.title, text: stored },
      t0: new Date(t0).toISOString(),
      version: o.version,
      lead: o.lead ?? by,
      env: o.env ?? env?.config.name,
      config: env ? { file: resolve(ctx.cwd, o.config!), sha256: env.sha256, value: env.config } : undefined,
      clock: named.ref,
    },
    by,
    clock,
  );
  let team: string[] = [];
  try {
    if (env?.config.team) team = await (await import("./team.js")).startTeam(ctx, o, store);
  } finally {
    await store.close();
  }
  // The session stores this very text (nothing was redacted): its parse is the one every command needs.
  if (stored === text) await keepParsedRunbook(join(dirname(store.file), ".cache"), o.runbook, sha256, rb);
  // The cockpit's first frame then reads this validation instead of loading zod (session/config-cache.ts).
  keptSessionConfig(join(dirname(store.file), ".cache"), store.state, true);
  if (o.json) {
    out(
      ctx,
      JSON.stringify({
        id: store.id,
        file: store.file,
        t0: new Date(t0).toISOString(),
        clock: named.ref,
        items: rb.items.length,
        fields: rb.fields.length,
        warnings: [
          ...rb.canary.warnings.map((w) => `${o.runbook}:${w.line}: ${w.message}`),
          ...unmeasuredWarnings(bound, o.runbook),
          ...(decisionMatrix(rb)?.warnings ?? []).map((w) => `${o.runbook}:${w.line}: ${w.message}`),
          ...templateWarnings(rb, o.runbook),
        ],
      }),
    );
  } else {
    out(
      ctx,
      [
        `session ${store.id} created`,
        `  file     ${store.file}`,
        `  runbook  ${rb.title} — ${rb.items.length} items, ${rb.fields.length} fields, ${rb.commands.length} runnable blocks`,
        ...(env
          ? [
              `  config   ${o.config} (${partsSummary(env.config)})`,
              ...missingLines(env.config).map(
                (l) => `           ${l} (add it later: golive attach --config FILE)`,
              ),
            ]
          : [
              "  offline  no --config: golive cannot read or shift traffic, metrics or health for this session",
              "           attach an environment later with: golive attach --config FILE",
            ]),
        ...team,
        `  clock    ${named.ref.source === "sandbox" ? `the sandbox's at ${named.ref.url} (${named.ref.speed}× real time): open, watch and status run on it` : "wall clock"}`,
        `  T-0      ${new Date(t0).toISOString()} (${formatTClock(now, t0)} now)${o.t0 ? "" : " — default: next full hour; set it with --t0"}`,
        `  canary   ${planSummary(inForceWith(rb, env?.config, env ? o.config : undefined))}`,
        ...rb.canary.warnings.map((w) => `warning: ${o.runbook}:${w.line}: ${w.message}`),
        ...unmeasuredWarnings(bound, o.runbook).map((w) => `warning: ${w}`),
        ...(decisionMatrix(rb)?.warnings ?? []).map((w) => `warning: ${o.runbook}:${w.line}: ${w.message}`),
        ...templateWarnings(rb, o.runbook).map((w) => `warning: ${w}`),
        "next: golive status",
      ].join("\n"),
    );
  }
  return 0;
}

/** `10 % → 50 % → 100 % (runbook deployment.md:174), dwell 10 min (runbook deployment.md:177)`. */
function planSummary(f: InForce): string {
  const first = f.plan[0]!;
  const dwells = [...new Set(f.plan.slice(0, -1).map((s) => s.dwellMinutes))];
  return `${stepsText(f.plan)} (${sourceText(first.stepFrom, f.runbookFile)}), dwell ${dwells.join("/")} min (${sourceText(first.dwellFrom, f.runbookFile)})`;
}
