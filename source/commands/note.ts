import { ExitCode, UserError } from "../domain/errors.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

export async function run(ctx: Ctx, o: GlobalOpts, text: string): Promise<number> {
  if (!text.trim()) throw new UserError("the note is empty", ExitCode.usage);
  const { store } = await openSession(ctx, o, true, "golive note", { lazyEvents: true });
  try {
    const e = await store.append("note.added", { text }, actor(ctx, o));
    out(ctx, `noted (#${e.seq})`);
    return 0;
  } finally {
    await store.close();
  }
}
