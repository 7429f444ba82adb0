/**
 * `golive run ITEM|cN`: runs an item's check or a runnable block after showing exactly what runs;
 * `golive run --list` lists every fenced block with its class. A block that changes traffic or
 * capacity is refused whole, naming the engine action that does the step with its gates.
 */

import type { CodeBlock } from "../domain/code-block.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { Runbook } from "../domain/runbook.js";
import { RefusedBlockError } from "../engine/check-command.js";
import { planFor, runAndRecord } from "../engine/check-record.js";
import { blockVerdict } from "../runbook/blocks.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { checkDeps, confirm } from "./engine-context.js";
import { openEngine } from "./engine-open.js";

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { yes?: boolean; list?: boolean },
  ref?: string,
): Promise<number> {
  if (o.list) return list(ctx, o);
  if (!ref)
    throw new UserError(
      "golive run needs an item (i12) or a command block (c3)",
      ExitCode.usage,
      "`golive run --list` lists the runbook's blocks with their ids",
    );
  const h = await openEngine(ctx, o, "golive run");
  try {
    let plan: ReturnType<typeof planFor>;
    try {
      plan = planFor(h.runbook, ref, h.store.state, h.config);
    } catch (e) {
      // A secret or an unsafe value in the command is already a refusal with its own next step.
      if (e instanceof UserError) throw e;
      if (e instanceof RefusedBlockError)
        throw new UserError(e.message, ExitCode.refused, "`golive run --list` shows what golive runs");
      throw new UserError(
        (e as Error).message,
        ExitCode.usage,
        "`golive status --all` lists items; `golive run --list` lists the runnable blocks c1, c2, …",
      );
    }
    const item = plan.item;
    out(ctx, `${item.id} ${item.text}\ncheck ${plan.kind} will run exactly:\n${plan.shows}`);
    if (plan.env && Object.keys(plan.env).length)
      out(ctx, `with environment: ${Object.keys(plan.env).join(" ")}`);
    if (plan.dangerous) await confirm(ctx, "Run this command?", o.yes);
    const r = await runAndRecord(plan, checkDeps(h, ctx.cwd), h.store, actor(ctx, o));
    out(ctx, `${r.ok ? "PASS" : "FAIL"}: ${r.evidence}`);
    return r.ok ? 0 : ExitCode.refused;
  } finally {
    await h.close();
  }
}

async function list(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, false, "golive run --list");
  try {
    if (o.json) {
      out(ctx, JSON.stringify(runbook.blocks.map((b) => blockJson(runbook, b))));
      return 0;
    }
    const lines = [
      `${runbook.blocks.length} fenced blocks in ${runbook.file}; only runnable ones have an id:`,
    ];
    for (const b of runbook.blocks) lines.push(blockLine(runbook, b));
    out(ctx, lines.join("\n"));
    return 0;
  } finally {
    await store.close();
  }
}

/** One line per block: id (or -), class, line, where, and what `golive run` would do with it. */
export function blockLine(rb: Runbook, b: CodeBlock): string {
  const where = rb.sections.find((s) => s.id === b.section);
  const head = `${(b.id ?? "-").padEnd(4)} ${b.kind.padEnd(8)} line ${String(b.position.line).padEnd(4)} ${b.item ? `${b.item} ` : ""}${where ? `${where.number} ${where.title}` : ""}`;
  return `${head}\n       ${blockVerdict(b)}`;
}

function blockJson(rb: Runbook, b: CodeBlock) {
  return {
    id: b.id ?? null,
    kind: b.kind,
    lang: b.lang,
    line: b.position.line,
    section: b.section,
    item: b.item ?? null,
    why: b.why,
    interpreter: b.interpreter ?? null,
    runnable: Boolean(b.id) && b.changes.length === 0,
    refused: b.changes.map((c) => ({ what: c.what, command: c.command, line: c.line, action: c.action })),
    sectionTitle: rb.sections.find((s) => s.id === b.section)?.title ?? null,
  };
}
