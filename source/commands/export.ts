import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { renderSignoffMarkdown } from "../domain/signoff.js";
import { EXPORT_FORMAT } from "../session/document.js";
import { fsyncDir } from "../session/durable.js";
import { type Ctx, type GlobalOpts, openSession, out } from "./context.js";

export async function run(
  ctx: Ctx,
  o: GlobalOpts & { format: "md" | "json"; out?: string },
): Promise<number> {
  const { store, runbook } = await openSession(ctx, o, false, "golive export");
  const text =
    o.format === "json"
      ? `${JSON.stringify(
          {
            format: EXPORT_FORMAT,
            exportedAt: new Date(ctx.clock.now()).toISOString(),
            head: store.state.head,
            eventCount: store.events.length,
            session: { format: "golive.session/1", id: store.id, events: store.events },
          },
          null,
          1,
        )}\n`
      : renderSignoffMarkdown(runbook, store.state, store.events);
  if (o.out === "-") {
    ctx.stdout.write(text);
    return 0;
  }
  const target = o.out
    ? resolve(ctx.cwd, o.out)
    : join(dirname(store.file), `${store.id}.signoff.${o.format === "json" ? "json" : "md"}`);
  await writePrivate(target, text);
  out(ctx, `${target}  (${store.events.length} events, head ${store.state.head.slice(0, 12)}…)`);
  return 0;
}

/** Exports hold the whole deployment record: 0600, fsynced, like the session itself. */
export async function writePrivate(file: string, text: string): Promise<void> {
  const fh = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
  try {
    await fh.writeFile(text, "utf8");
    await fh.chmod(0o600);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fsyncDir(dirname(file));
}
