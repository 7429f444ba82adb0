import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { checkChain } from "../domain/chain.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { EXPORT_FORMAT, SESSION_FORMAT } from "../session/document.js";
import { parseJsonAt } from "../session/durable.js";
import { type Ctx, type GlobalOpts, out } from "./context.js";

interface Ev {
  seq: number;
  prev: string;
  hash: string;
  type?: string;
}

export async function run(ctx: Ctx, o: GlobalOpts, fileArg: string): Promise<number> {
  const file = resolve(ctx.cwd, fileArg);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UserError(
      `${fileArg}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`,
      ExitCode.input,
    );
  }
  const fail = (problem: string, seq?: number): number => {
    if (o.json) out(ctx, JSON.stringify({ ok: false, file: fileArg, seq: seq ?? null, problem }));
    else ctx.stderr.write(`golive: ${fileArg}: NOT VERIFIED: ${problem}\n`);
    return ExitCode.verifyFailed;
  };
  let doc: unknown;
  try {
    doc = parseJsonAt(fileArg, text);
  } catch (e) {
    if (/^\s*#|^---/.test(text)) {
      throw new UserError(
        `${fileArg} is Markdown; verify reads the JSON export (golive export --format json) or a session file`,
        ExitCode.usage,
      );
    }
    return fail((e as Error).message.replace(`${fileArg}:`, "").trim());
  }
  const d = doc as {
    format?: string;
    session?: { events?: unknown };
    events?: unknown;
    head?: string;
    eventCount?: number;
  };
  let events: unknown;
  if (d?.format === EXPORT_FORMAT) events = d.session?.events;
  else if (d?.format === SESSION_FORMAT) events = d.events;
  else return fail(`not a golive export or session (format is ${JSON.stringify(d?.format ?? null)})`);
  if (!Array.isArray(events) || events.length === 0) return fail("it holds no events");
  const evs = events as Ev[];
  for (const [i, e] of evs.entries()) {
    if (!e || typeof e.hash !== "string" || typeof e.prev !== "string" || typeof e.seq !== "number") {
      return fail(`event at position ${i + 1} is malformed`, i + 1);
    }
  }
  const bad = checkChain(evs);
  if (bad) return fail(bad.problem, bad.seq);
  const head = evs.at(-1)!.hash;
  if (d.format === EXPORT_FORMAT) {
    if (d.head !== head)
      return fail(
        `the export's head ${String(d.head).slice(0, 12)}… is not its last event's hash (events removed from the end?)`,
      );
    if (d.eventCount !== evs.length)
      return fail(`the export says ${d.eventCount} events but holds ${evs.length}`);
  }
  if (o.json) out(ctx, JSON.stringify({ ok: true, file: fileArg, events: evs.length, head }));
  else out(ctx, `verified: ${fileArg} — ${evs.length} events, chain intact, head ${head}`);
  return 0;
}
