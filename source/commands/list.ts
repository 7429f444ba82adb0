import { versionText } from "../domain/describe.js";
import { isClosed } from "../domain/events.js";
import { listSessions } from "../session/store.js";
import { type Ctx, type GlobalOpts, out, sessionsDir } from "./context.js";

export async function run(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const dir = sessionsDir(ctx, o);
  const all = await listSessions(dir);
  if (o.json) {
    out(
      ctx,
      JSON.stringify(
        all.map((s) =>
          s.state
            ? {
                id: s.id,
                file: s.file,
                title: s.state.runbook.title,
                t0: new Date(s.state.t0).toISOString(),
                lead: s.state.lead,
                version: s.state.version ?? null,
                status: s.state.signoff?.status ?? "open",
                events: s.state.lastSeq,
              }
            : { id: s.id, file: s.file, problem: s.problem },
        ),
      ),
    );
    return 0;
  }
  if (!all.length) {
    out(ctx, `no sessions in ${dir}; start one with: golive new --runbook checklists/deployment.md`);
    return 0;
  }
  for (const s of all) {
    if (!s.state) {
      out(ctx, `${s.id}  UNREADABLE  ${s.problem}`);
      continue;
    }
    const st = s.state;
    const status = isClosed(st) ? st.signoff!.status : st.signoff ? "in-progress" : "open";
    out(
      ctx,
      `${s.id}  ${status.padEnd(11)}  T-0 ${new Date(st.t0).toISOString().slice(0, 16)}Z  ${st.runbook.title}${st.version ? ` ${versionText(st.version)}` : ""}  (lead ${st.lead}, ${st.lastSeq} events)`,
    );
  }
  return 0;
}
