/**
 * What `golive verify` checks beyond the chain, when asked: the SSH signature of the file's bytes
 * against an allowed_signers file (`--allowed-signers`), and the chain against its S3 anchor
 * (`--anchor`). A chain alone can be recomputed by whoever edits the file; these two cannot.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionEvent } from "../domain/events.js";
import { parseSshsig, SIG_NAMESPACE, sshsigProblem } from "../session/ssh-sig.js";
import { allowedFor, parseAllowedSigners } from "../session/ssh-signers.js";
import type { Ctx } from "./context.js";

export interface ProofOpts {
  allowedSigners?: string;
  signature?: string;
  identity?: string;
  anchor?: string;
  endpoint?: string;
}

export interface Proofs {
  problem?: string;
  seq?: number;
  /** What held, one short clause each, for the verified line. */
  held: string[];
  /** Said on stderr whether or not the check passed (ignored anchor versions). */
  notes: string[];
  json: Record<string, unknown>;
}

export async function checkProofs(
  ctx: Ctx,
  o: ProofOpts,
  fileArg: string,
  session: { id: string; events: readonly SessionEvent[] },
): Promise<Proofs> {
  const r: Proofs = { held: [], notes: [], json: {} };
  if (o.signature && !o.allowedSigners)
    throw new UserError("--signature needs --allowed-signers FILE (who may sign)", ExitCode.usage);
  // Both are checked even when the first fails: a forger who re-chained fails both, and says so.
  const problems: string[] = [];
  if (o.allowedSigners) {
    const problem = await signatureProblem(ctx, o, fileArg, r);
    if (problem) problems.push(problem);
  }
  if (o.anchor) {
    const { checkRecordAnchor } = await import("./anchor.js");
    const v = await checkRecordAnchor(ctx, o.anchor, o.endpoint, session.id, session.events);
    r.notes.push(...v.ignored.map((i) => `anchor ${i} — ignored`));
    r.json.anchor = { ok: v.ok, locked: v.locked, ignored: v.ignored, text: v.text };
    if (!v.ok) {
      problems.push(`anchor: ${v.text}`);
      r.seq = v.seq;
    } else r.held.push(`anchor ${v.text}`);
  }
  return problems.length ? { ...r, problem: problems.join("; and ") } : r;
}

async function signatureProblem(
  ctx: Ctx,
  o: ProofOpts,
  fileArg: string,
  r: Proofs,
): Promise<string | undefined> {
  const sigArg = o.signature ?? `${fileArg}.sig`;
  const read = async (arg: string, what: string) => {
    try {
      return await readFile(resolve(ctx.cwd, arg));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(
        `${what} ${arg}: cannot read (${code ?? e})`,
        ExitCode.input,
        code === "ENOENT" && what === "signature"
          ? "golive sign --key writes it beside the export; or name it with --signature FILE"
          : undefined,
      );
    }
  };
  let signers: ReturnType<typeof parseAllowedSigners>;
  try {
    signers = parseAllowedSigners(
      (await read(o.allowedSigners!, "allowed signers")).toString("utf8"),
      o.allowedSigners!,
    );
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError((e as Error).message, ExitCode.input, "see ssh-keygen(1), ALLOWED SIGNERS");
  }
  const bytes = await read(fileArg, "record");
  let sig: ReturnType<typeof parseSshsig>;
  try {
    sig = parseSshsig((await read(sigArg, "signature")).toString("utf8"));
  } catch (e) {
    if (e instanceof UserError) throw e;
    return `signature ${sigArg}: ${(e as Error).message}`;
  }
  const bad = sshsigProblem(bytes, sig, SIG_NAMESPACE);
  if (bad) return `signature ${sigArg}: ${bad}`;
  const who = allowedFor(signers, sig.pub, SIG_NAMESPACE, ctx.clock.now(), o.identity);
  if (!who.ok) return `signature ${sigArg}: ${who.problem} (${o.allowedSigners})`;
  r.held.push(`signature good: ${who.principals.join(" / ")} with ${sig.pub.type} ${sig.pub.fingerprint}`);
  r.json.signature = { ok: true, principals: who.principals, key: sig.pub.fingerprint, type: sig.pub.type };
  return undefined;
}
