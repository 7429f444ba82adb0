import { commandsUsing, commandValueError, valueTypeOf } from "../domain/command-values.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { normalizeFieldValue } from "../domain/fields.js";
import { actor, type Ctx, findField, type GlobalOpts, openSession, out } from "./context.js";

export async function run(ctx: Ctx, o: GlobalOpts, ref: string, value: string): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, true, "golive record");
  try {
    const field = findField(runbook, ref);
    const normalized = normalizeFieldValue(field, value);
    if (!normalized.ok)
      throw new UserError(`${field.id} (${field.label}): ${normalized.error}`, ExitCode.usage);
    const usedBy = commandsUsing(runbook, field.id);
    const unsafe = usedBy.length ? commandValueError(field, normalized.value) : undefined;
    if (unsafe)
      throw new UserError(
        `${unsafe} (${usedBy.join(", ")} use${usedBy.length === 1 ? "s" : ""} it)`,
        ExitCode.usage,
        `record a plain ${valueTypeOf(field)}: golive record ${field.id} VALUE`,
      );
    await store.append(
      "field.recorded",
      { field: field.id, value: normalized.value, source: "manual" },
      actor(ctx, o),
    );
    out(
      ctx,
      `${field.id} ${field.label} = ${normalized.value}${field.unit && field.unit !== "%" ? ` ${field.unit}` : (field.unit ?? "")}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
