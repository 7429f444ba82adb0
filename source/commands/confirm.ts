/** `golive confirm ID`: a manual check (what golive cannot measure) confirmed clear by a named person. */
import { ExitCode, UserError } from "../domain/errors.js";
import { manualCheckLines, sessionManualChecks } from "../domain/manual-checks.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

interface Opts extends GlobalOpts {
  note?: string;
  list?: boolean;
}

export async function run(ctx: Ctx, o: Opts, id?: string): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, !o.list && id !== undefined, "golive confirm");
  try {
    const checks = sessionManualChecks(runbook, store.state.config?.value);
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
