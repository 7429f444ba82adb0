import { checkRecordedValue } from "../domain/command-values.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { redact } from "../domain/redact.js";
import { actor, type Ctx, findField, type GlobalOpts, openSession, out } from "./context.js";

export async function run(ctx: Ctx, o: GlobalOpts, ref: string, value: string): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, true, "golive record", { lazyEvents: true });
  try {
    const field = findField(runbook, ref);
    const normalized = checkRecordedValue(runbook, field, value);
    if (!normalized.ok) throw new UserError(normalized.error, ExitCode.usage, normalized.hint);
    await store.append(
      "field.recorded",
      { field: field.id, value: normalized.value, source: "manual" },
      actor(ctx, o),
    );
    // Echo what was stored (redacted), never the secret that was typed.
    out(
      ctx,
      `${field.id} ${field.label} = ${redact(normalized.value)}${field.unit && field.unit !== "%" ? ` ${field.unit}` : (field.unit ?? "")}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
