/** `golive confirm ID`: a manual check (what golive cannot measure) confirmed clear by a named person. */
import type { CustomMetric } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { manualCheckLines, manualChecks } from "../domain/manual-checks.js";
import { bindCustom } from "../domain/stated.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

interface Opts extends GlobalOpts {
  note?: string;
  list?: boolean;
}

export async function run(ctx: Ctx, o: Opts, id?: string): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, !o.list && id !== undefined, "golive confirm");
  try {
    // Thresholds on the team's own metrics that the config names are measured, not checked by hand.
    const cfg = store.state.config?.value as { metrics?: { custom?: CustomMetric[] } } | undefined;
    const checks = manualChecks({ ...runbook, stated: bindCustom(runbook.stated, cfg?.metrics?.custom) });
    if (o.list || id === undefined) {
      out(
        ctx,
        checks.length ? manualCheckLines(checks, store.state).join("\n") : "no manual checks in this runbook",
      );
      return 0;
    }
    const c = checks.find((x) => x.id === id);
    if (!c)
      throw new UserError(
        `no manual check "${id}"; the runbook's are: ${checks.map((x) => x.id).join(", ") || "none"} (golive confirm --list)`,
        ExitCode.usage,
      );
    const e = await store.append(
      "check.confirmed",
      { check: c.id, text: c.text, line: c.line, ...(o.note ? { note: o.note } : {}) },
      actor(ctx, o),
    );
    out(ctx, `confirmed clear: ${c.text} (line ${c.line}) by ${e.by} (#${e.seq})`);
    return 0;
  } finally {
    await store.close();
  }
}
