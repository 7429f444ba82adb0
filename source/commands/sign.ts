import type { SignStatus } from "../domain/events.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

const STATUS_OPTION: Record<SignStatus, RegExp> = {
  success: /success/i,
  "rolled-back": /rolled\s*back/i,
  "in-progress": /in\s*progress/i,
};

export async function run(ctx: Ctx, o: GlobalOpts & { status: SignStatus; signer: string }): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, true, "golive sign");
  try {
    const by = actor(ctx, o);
    const at = new Date(ctx.clock.now());
    // Fill the runbook's own sign-off block where it has one, so the record reads like the paper form.
    const signSection = runbook.sections.find((s) => /sign[- ]?off/i.test(s.title));
    if (signSection) {
      const fields = runbook.fields.filter((f) => f.section === signSection.id);
      for (const f of fields) {
        let value: string | undefined;
        if (f.kind === "choice") value = f.options?.find((opt) => STATUS_OPTION[o.status].test(opt));
        else if (/lead|signed|name/i.test(f.label)) value = o.signer;
        else if (/^date$/i.test(f.label)) value = at.toISOString().slice(0, 10);
        else if (/^time$/i.test(f.label)) value = `${at.toISOString().slice(11, 16)} UTC`;
        if (value) await store.append("field.recorded", { field: f.id, value, source: "engine" }, by);
      }
    }
    await store.append("session.signed", { status: o.status, signer: o.signer }, by);
    out(ctx, `signed ${o.status} by ${o.signer}; export the record with: golive export`);
    return 0;
  } finally {
    await store.close();
  }
}
