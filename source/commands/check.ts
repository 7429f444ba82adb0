import { actor, type Ctx, findItem, type GlobalOpts, openSession, out } from "./context.js";

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { note?: string; evidence?: string },
  ref: string,
): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, true, "golive check", { lazyEvents: true });
  try {
    const item = findItem(runbook, ref);
    await store.append("item.checked", { item: item.id, note: o.note, evidence: o.evidence }, actor(ctx, o));
    out(ctx, `✓ ${item.id} ${item.text}`);
    return 0;
  } finally {
    await store.close();
  }
}
