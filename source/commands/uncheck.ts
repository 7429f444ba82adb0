import { actor, type Ctx, findItem, type GlobalOpts, openSession, out } from "./context.js";

export async function run(ctx: Ctx, o: GlobalOpts & { reason?: string }, ref: string): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, true, "golive uncheck", { lazyEvents: true });
  try {
    const item = findItem(runbook, ref);
    await store.append("item.unchecked", { item: item.id, reason: o.reason }, actor(ctx, o));
    out(ctx, `○ ${item.id} ${item.text}`);
    return 0;
  } finally {
    await store.close();
  }
}
