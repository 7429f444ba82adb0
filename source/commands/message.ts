/**
 * `golive message [NAME]`: the cockpit's `m` without the cockpit. Lists the runbook's message
 * templates (those fitting the moment first), or fills one from the session, prints it, writes it
 * to a file beside the session, copies it with golive's own OSC 52 when a terminal is attached, and
 * records both (golive sends nothing).
 */
import { ExitCode, UserError } from "../domain/errors.js";
import { composeMessage, momentNow, templatesForMoment } from "../domain/message-fill.js";
import { MOMENT_LABEL, messageTemplates, slotKey } from "../domain/message-templates.js";
import { timeline } from "../domain/timeline.js";
import { osc52 } from "../ui/osc52.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";
import { clipboardRoute, writeMessageFile } from "./message-file.js";

interface Opts extends GlobalOpts {
  set?: string[];
  list?: boolean;
  /** commander's --no-copy: false; absent means copy when a terminal is attached. */
  copy?: boolean;
}

type Clip = { clipboard: "osc52" | "blocked" | "none"; why?: string };

/**
 * Where the copy can go, decided before anything is recorded: the terminal behind stdout, else
 * behind stderr (`golive message X | mail …` still copies). The record says "osc52" only when the
 * sequence was written to a terminal whose route is not known to drop it.
 */
async function copyRoute(ctx: Ctx, o: Opts): Promise<{ clip: Clip; tty?: NodeJS.WritableStream }> {
  if (o.copy === false) return { clip: { clipboard: "none" } };
  const tty = ctx.stdout.isTTY ? ctx.stdout : ctx.stderr.isTTY ? ctx.stderr : undefined;
  if (!tty)
    return {
      clip: {
        clipboard: "blocked",
        why: "no terminal to copy through (stdout and stderr are not a TTY): copy from the file",
      },
    };
  const route = await clipboardRoute(ctx.env);
  if (route.passes === false) return { clip: { clipboard: "blocked", why: route.why } };
  return { clip: { clipboard: "osc52", why: route.why }, tty };
}

export async function run(ctx: Ctx, o: Opts, name?: string): Promise<number> {
  const typed: Record<string, string> = {};
  for (const kv of o.set ?? []) {
    const eq = kv.indexOf("=");
    if (eq <= 0)
      throw new UserError(
        `--set "${kv}": expected SLOT=VALUE, e.g. --set "Impact=search is slow"`,
        ExitCode.usage,
      );
    typed[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const write = !o.list && name !== undefined;
  const { store, runbook } = await openSession(ctx, o, write, "golive message");
  try {
    const s = store.state;
    const now = store.now();
    const moment = momentNow(s, now);
    const all = templatesForMoment(messageTemplates(runbook), moment);
    if (!write) {
      out(
        ctx,
        all.length
          ? [
              `message templates (now: ${MOMENT_LABEL[moment]}; ★ fits now):`,
              ...all.map(
                (t) =>
                  `${t.moment === moment ? "★" : " "} ${t.name.padEnd(22)} ${MOMENT_LABEL[t.moment].padEnd(22)} line ${t.line}${t.slots.some((x) => !x.kind) ? ` · you type: ${t.slots.flatMap((x, i) => (x.kind ? [] : [slotKey(t, i)])).join(", ")}` : ""}`,
              ),
              "next: golive message NAME [--set SLOT=VALUE]",
            ].join("\n")
          : "the runbook has no message templates (fenced blocks with Subject: or [Placeholder] slots)",
      );
      return 0;
    }
    const t = all.find((x) => x.name === name);
    if (!t)
      throw new UserError(
        `no message template "${name}"; the runbook's are: ${all.map((x) => x.name).join(", ") || "none"} (golive message --list)`,
        ExitCode.usage,
      );
    const keys = new Set(
      t.slots.flatMap((x, i) =>
        [slotKey(t, i), x.label, x.text.slice(1, -1), `#${i + 1}`].map((k) => k.toLowerCase()),
      ),
    );
    for (const k of Object.keys(typed))
      if (
        !keys.has(
          k
            .trim()
            .replace(/^\[|\]$/g, "")
            .toLowerCase(),
        )
      )
        throw new UserError(
          `--set "${k}": template "${t.name}" has no such slot; its slots are: ${t.slots.map((_, i) => slotKey(t, i)).join(", ")}`,
          ExitCode.usage,
        );
    const m = composeMessage(t, { s, views: timeline(runbook, s, now), now, user: actor(ctx, o) }, typed);
    const { clip, tty } = await copyRoute(ctx, o);
    const file = await writeMessageFile(store, m, clip, actor(ctx, o));
    out(ctx, m.text);
    // The text the cockpit's y copies, after the text on screen so the copy is the last thing sent.
    if (tty) osc52(tty, ctx.env, m.text);
    const open = m.slots.flatMap((x, i) => (x.from === "open" ? [slotKey(t, i)] : []));
    const copied =
      clip.clipboard === "osc52"
        ? `copied with OSC 52 (${clip.why})`
        : clip.clipboard === "blocked"
          ? `NOT copied: ${clip.why}`
          : "not copied (--no-copy)";
    ctx.stderr.write(
      `golive: written to ${file}; ${copied} (recorded; golive sends nothing)${open.length ? `\ngolive: warning: left as the runbook wrote them: ${open.join(", ")} — fill them with --set SLOT=VALUE` : ""}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
