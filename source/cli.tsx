/**
 * Composition root: argv → command. The only place that picks concrete adapters; the single exit
 * site that turns errors into messages and exit codes.
 */
import { Command, CommanderError, Option } from "commander";
import { addEcsCommands } from "./cli/ecs-commands.js";
import { type HelpModel, helpModelOf } from "./cli/help-model.js";
import { addK8sCommands } from "./cli/k8s-commands.js";
import { addSignCommands, addVerifyCommand } from "./cli/record-commands.js";
import { processCtx, reportFailure, terminalSafeCtx } from "./cli/root.js";
import { addSandboxCommands } from "./cli/sandbox-commands.js";
import { addTeamCommands } from "./cli/team-commands.js";
import type { Ctx, GlobalOpts } from "./commands/context.js";
import { ExitCode } from "./domain/errors.js";
import { redact } from "./domain/redact.js";
import { VERSION } from "./version.js";

/** Each command declares its own options type; `never` lets them all be loaded through one wrapper. */
export type Handler = (ctx: Ctx, opts: never, ...args: string[]) => Promise<number | undefined>;
/** Wraps a lazily imported handler as a commander action (the command groups in cli/ share it). */
export type Run = (
  load: () => Promise<{ run: Handler }>,
) => (this: Command, ...args: unknown[]) => Promise<void>;

export async function main(argv: string[], partial: Partial<Ctx> = {}): Promise<number> {
  let ctx: Ctx;
  try {
    ctx = processCtx(partial);
  } catch (e) {
    // A bad GOLIVE_NOW is the user's to fix: one line, never a stack.
    return reportFailure({ stderr: partial.stderr ?? process.stderr }, e);
  }
  let code = 0;
  const program = buildProgram(ctx, terminalSafeCtx(ctx), (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (e) {
    return reportError(ctx, e);
  }
}

export function reportError(ctx: Pick<Ctx, "stderr">, e: unknown): number {
  if (e instanceof CommanderError) {
    return e.exitCode === 0 ? 0 : ExitCode.usage;
  }
  return reportFailure(ctx, e);
}

/** Every command's help as data (scripts/build.mjs writes it to dist/help.json for help-fast.ts). */
export function helpModel(): HelpModel {
  let written = "";
  const write = (s: string) => {
    written += s;
    return true;
  };
  const sink = { write } as unknown as Ctx["stdout"];
  const ctx = { stdout: sink, stderr: sink, env: {}, cwd: "/", clock: { now: Date.now } } as unknown as Ctx;
  const taken = () => {
    const s = written;
    written = "";
    return s;
  };
  return helpModelOf(
    buildProgram(ctx, ctx, () => {}),
    taken,
  );
}

function buildProgram(raw: Ctx, ctx: Ctx, setCode: (c: number) => void): Command {
  const program = new Command("golive")
    .description("Terminal cockpit for production go-lives: runbook, timeline, canary, rollback, sign-off.")
    .version(VERSION, "-V, --version")
    // `new --version 2.0` is the release version, not golive's: program options only before the command.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(`golive: ${redact(s.replace(/^error: /, ""))}`),
    })
    .exitOverride()
    .showHelpAfterError("(run golive --help for usage)")
    .addHelpText(
      "after",
      `
Sessions live in ./sessions (or --sessions DIR / GOLIVE_SESSIONS). Commands act on the most recent
open session unless --session ID is given. Items are i1, i2, …; fields (blanks) f1, f2, …: see
\`golive status --all\`.

Exit codes: 0 ok · 1 bug in golive · 2 usage · 3 bad input (runbook, session, config) ·
4 session locked by another golive · 5 verification failed · 6 AWS/Kubernetes call failed ·
7 refused (a gate or confirmation said no)`,
    );

  const run = (load: () => Promise<{ run: Handler }>, terminal = ctx) =>
    async function (this: Command, ...args: unknown[]) {
      const cmd = args.at(-1) as Command;
      const opts = { ...program.opts(), ...cmd.opts() } as GlobalOpts & Record<string, unknown>;
      const positional = args.slice(0, -2) as string[];
      const mod = await load();
      setCode((await mod.run(terminal, opts as never, ...positional)) ?? 0);
    };

  /**
   * Ink draws only the last frame when it thinks it runs in CI, decided once at import from CI /
   * CONTINUOUS_INTEGRATION. A person at an interactive terminal is not a CI job, even on a box
   * that exports CI; the variables are hidden only while Ink loads, and restored for child processes.
   */
  const cockpit = async (verb: "open" | "watch" | "demo") => {
    const saved = { CI: process.env.CI, CONTINUOUS_INTEGRATION: process.env.CONTINUOUS_INTEGRATION };
    if (raw.stdout.isTTY) {
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
    }
    try {
      // The demo starts its sandbox before the cockpit; open and watch never load it.
      if (verb === "demo") return { run: (await import("./commands/demo.js")).demo as never };
      return { run: (await import("./commands/cockpit.js"))[verb] as never };
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    }
  };

  const sandboxVerb = async (verb: "fault" | "state" | "clock") => ({
    run: (await import("./commands/sandbox.js"))[verb] as never,
  });

  const session = (c: Command) =>
    c
      .option("--sessions <dir>", "sessions directory (default ./sessions, or GOLIVE_SESSIONS)")
      .option("--session <id>", "session id, unique prefix or file (default: most recent open)")
      .option("--by <name>", "who is acting (default GOLIVE_USER or your login)")
      .option("--amend <why>", "after sign-off: record this as an amendment, saying why");

  session(
    program
      .command("open", { isDefault: true })
      .argument("[session]", "session id or prefix (default: the most recent open session)")
      .description("the full-screen cockpit (the default command)"),
  ).action(run(() => cockpit("open"), raw));

  session(
    program
      .command("watch")
      .argument("[session]", "session id or prefix")
      .description(
        "read-only cockpit for a second engineer: follows the session file live on the session's clock, no keys that change anything; e writes a copy of the record to a new file of the viewer's own",
      )
      .option(
        "--approve",
        "team mode: v shows the lead's promote waiting for a second person and y approves it as your AWS identity (written to S3 only)",
      ),
  ).action(run(() => cockpit("watch"), raw));

  session(
    program
      .command("demo")
      .description("the sandbox plus the cockpit: a whole rehearsal with no cloud account")
      .option("--speed <n>", "sandbox clock speed (30 runs the 10-minute dwell in 20 s)", "1")
      .option(
        "--scenario <name>",
        "steady, flaky-green, slow-green, crash-canary (EKS: the new image crash-loops), or a JSON scenario file",
        "steady",
      )
      .option("--port <n>", "sandbox AWS port (Kubernetes on the next one)", "4566")
      .option("--t0 <time>", "T-0 (default: 5 sandbox minutes from now)")
      .option("--runbook <file>", "a runbook file, or deployment (ECS, default) / go-live (EKS)")
      .option("--ingress", "weights through the sandbox's Ingress (AWS Load Balancer Controller)")
      .option(
        "--team",
        "share the session through moto's S3: the lead here, a viewer on a 2nd bastion (tmux pane)",
      ),
  ).action(run(() => cockpit("demo"), raw));

  session(
    program
      .command("new")
      .description("start a session from a Markdown runbook")
      .requiredOption("--runbook <file>", "the team's Markdown runbook")
      .option(
        "--t0 <time>",
        "go-live time: ISO-8601, '2026-11-24 18:00 Europe/Paris', or now+30m (default: next full hour)",
      )
      .option("--version <v>", "the version being released")
      .option("--lead <name>", "deployment lead (default: --by)")
      .option("--env <name>", "environment name, e.g. production (default: the config's name)")
      .option(
        "--config <file>",
        "environment config (JSON): listener, target groups, services, health URLs, cluster",
      )
      .option("--json", "print the new session as JSON"),
  ).action(run(() => import("./commands/new.js")));

  session(
    program
      .command("attach")
      .description("give an offline session its environment, or add a part its config left out (alb, ecs…)")
      .requiredOption("--config <file>", "environment config (JSON), as for golive new"),
  ).action(run(() => import("./commands/attach.js")));

  program
    .command("list")
    .description("list sessions, newest first")
    .option("--sessions <dir>", "sessions directory")
    .option("--json", "machine-readable output")
    .action(run(() => import("./commands/list.js")));

  session(
    program
      .command("status")
      .description(
        "timeline, progress, open items and recorded fields; a team session's newer events from S3; the SSH signature's standing",
      )
      .option("--all", "list every phase's items and fields with their ids")
      .option("--live", "read AWS now for the gate (default: the gate as recorded, no AWS call)")
      .option("--json", "machine-readable output"),
  ).action(run(() => import("./commands/status.js")));

  session(
    program
      .command("check")
      .argument("<item>", "item id, e.g. i12")
      .description("tick a checklist item")
      .option("--note <text>", "why, or what was seen")
      .option("--evidence <text>", "evidence (a link, an output excerpt)"),
  ).action(run(() => import("./commands/check.js")));

  session(
    program
      .command("uncheck")
      .argument("<item>", "item id")
      .description("untick a checklist item (the earlier tick stays in the log)")
      .option("--reason <text>", "why"),
  ).action(run(() => import("./commands/uncheck.js")));

  session(
    program
      .command("record")
      .argument("<field>", "field id, e.g. f3")
      .argument("<value>", "the value (a number for %/ms fields, an option for choices)")
      .description("fill a blank, a table cell or a choice"),
  ).action(run(() => import("./commands/record.js")));

  session(
    program.command("note").argument("<text>", "the note").description("add a note to the session"),
  ).action(run(() => import("./commands/note.js")));

  session(
    program
      .command("confirm")
      .argument("[id]", "the manual check, e.g. m314 (see golive confirm --list)")
      .option("--note <text>", "what was checked, and how")
      .option("--list", "list the runbook's manual checks and who confirmed each")
      .description(
        "confirm clear a manual check: a threshold, trigger or matrix row golive cannot measure (unconfirmed ones hold the Go decision; the cockpit's c key does the same)",
      ),
  ).action(run(() => import("./commands/confirm.js")));

  session(
    program
      .command("message")
      .argument("[name]", "the template, as golive message --list names it")
      .description(
        "fill one of the runbook's message templates from the session; print it, write it to a file, copy it (OSC 52), record that",
      )
      .option("--set <slot=value>", "type a slot's value (repeatable)", (v: string, a: string[] = []) => [
        ...a,
        v,
      ])
      .option("--list", "list the templates, those fitting now first")
      .option("--no-copy", "do not copy it (by default: OSC 52 when a terminal is attached)"),
  ).action(run(() => import("./commands/message.js")));

  addSignCommands(program, run, session);

  session(
    program
      .command("export")
      .description("write the sign-off record")
      .addOption(
        new Option(
          "--format <fmt>",
          "md: the runbook as run; json: the session and chain; html: one page, charts",
        )
          .choices(["md", "json", "html"])
          .default("md"),
      )
      .option("--out <file>", "where to write ('-' for stdout; default beside the session)")
      .option("--force", "replace a file that already exists at --out (never a session file)"),
  ).action(run(() => import("./commands/export.js")));

  session(
    program
      .command("unlock")
      .description(
        "break a session's lock held by a process golive cannot prove is golive (the lock error names it)",
      )
      .requiredOption("--pid <pid>", "the holder's pid, as the lock error names it"),
  ).action(run(() => import("./commands/unlock.js")));

  addVerifyCommand(program, run);

  session(
    program
      .command("promote")
      .description("shift one canary step (10 → 50 → 100 % green), confirmed against AWS")
      .option("--override <reason>", "promote although the gate is closed (dwell, thresholds); recorded")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(run(async () => ({ run: (await import("./commands/traffic.js")).promote as never })));

  session(
    program
      .command("rollback")
      .description("100 % blue now, confirmed against AWS, then blue's health checked; never blocked")
      .requiredOption("--reason <text>", "why (goes in the record)")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(run(async () => ({ run: (await import("./commands/traffic.js")).rollback as never })));

  session(
    program
      .command("metrics")
      .description(
        "blue and green error rate, p95, throughput and health now, and the canary step's verdict (PASS / FAIL / NOT ENOUGH EVIDENCE) with its evidence",
      )
      .option("--json", "machine-readable output"),
  ).action(run(async () => ({ run: (await import("./commands/engine-ops.js")).metrics as never })));

  session(
    program
      .command("prometheus")
      .description(
        "blue and green error rate, p95 and throughput from the config's Prometheus (PromQL per arm), and its targets' health",
      )
      .option("--json", "machine-readable output, with the PromQL run"),
  ).action(run(() => import("./commands/prometheus.js")));

  session(
    program
      .command("monitor")
      .description("watch headless: drift, rollback triggers (and auto-rollback), checkpoints; Ctrl-C stops")
      .option("--once", "one pass, then exit"),
  ).action(run(async () => ({ run: (await import("./commands/engine-ops.js")).monitor as never })));

  session(
    program
      .command("baseline")
      .description("fill the runbook's baseline blanks from the last 15 minutes of CloudWatch"),
  ).action(run(async () => ({ run: (await import("./commands/engine-ops.js")).baseline as never })));

  session(
    program
      .command("run")
      .argument("[item]", "item id (i12) or runnable block id (c3)")
      .description(
        "run the item's check or a runnable block (shows exactly what runs, asks first); blocks that change traffic or capacity are refused",
      )
      .option("--list", "list every fenced block: its class, its id if runnable, what run would do")
      .option("--json", "with --list: machine-readable output")
      .option("--yes", "do not ask for confirmation (scripts)"),
  ).action(run(() => import("./commands/run.js")));

  session(
    program
      .command("doctor")
      .description(
        "check credentials, reachability and every configured resource; print the IAM policy and the Kubernetes Role",
      ),
  ).action(run(() => import("./commands/doctor.js")));

  addEcsCommands(program, run, session);
  addK8sCommands(program, run, session);
  addSandboxCommands(program, run, sandboxVerb);
  addTeamCommands(program, run, session);

  return program;
}
