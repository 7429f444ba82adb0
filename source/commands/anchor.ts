/**
 * Anchoring the chain head on S3 (session/anchor.ts says why): written at sign-off, again when a
 * write command closes a signed session whose head moved (an amendment), and by `golive anchor`
 * when an earlier write could not reach S3. Checked by `golive verify --anchor s3://…`.
 */
import { type AnchorConfig, anchorConfig, anchorKey, parseS3Url } from "../domain/anchor-config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SessionEvent } from "../domain/events.js";
import { S3AnchorStore } from "../integrations/s3-anchor.js";
import { type AnchorBody, type AnchorVerdict, anchorBody, checkAnchors } from "../session/anchor.js";
import type { SessionStore } from "../session/store.js";
import { actor, type Ctx, type GlobalOpts, openSession, out } from "./context.js";

const DAY_MS = 86_400_000;

/** Credentials as this process's environment gives them (an in-process test passes its own). */
function storeFor(ctx: Ctx, where: { bucket: string; region?: string; endpoint?: string }) {
  const e = ctx.env;
  return new S3AnchorStore({
    bucket: where.bucket,
    region: where.region ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION,
    endpoint: where.endpoint ?? e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL,
    ...(e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: e.AWS_ACCESS_KEY_ID,
            secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
            ...(e.AWS_SESSION_TOKEN ? { sessionToken: e.AWS_SESSION_TOKEN } : {}),
          },
        }
      : e.AWS_PROFILE
        ? { profile: e.AWS_PROFILE }
        : {}),
  });
}

export function anchorConfigOf(store: SessionStore): AnchorConfig | undefined {
  const c = store.state.config;
  const raw = (c?.value as { anchor?: unknown } | undefined)?.anchor;
  if (raw === undefined) return undefined;
  const v = anchorConfig.safeParse(raw);
  if (!v.success)
    throw new UserError(
      `the session's config (${c!.file}) has an anchor section that does not validate: ${v.error.issues.map((i) => `anchor.${i.path.join(".")}: ${i.message}`).join("; ")}`,
      ExitCode.input,
    );
  return v.data;
}

export interface Anchored {
  url: string;
  versionId: string;
  retainUntil: Date;
  seq: number;
}

/** Writes the session's head as a new locked version of its anchor object. */
export async function anchorHead(
  ctx: Ctx,
  store: SessionStore,
  cfg: AnchorConfig,
  kind: AnchorBody["kind"],
  by: string,
): Promise<Anchored> {
  const where = anchorKey(cfg.s3, store.id);
  const s3 = storeFor(ctx, { ...where, region: cfg.region, endpoint: cfg.endpoint });
  try {
    const now = ctx.clock.now();
    const body = anchorBody(store.id, store.events, store.state.signoff?.signer, by, kind, now);
    const retainUntil = new Date(now + cfg.retentionDays * DAY_MS);
    const versionId = await s3.put(where.key, `${JSON.stringify(body)}\n`, retainUntil);
    return { url: `s3://${where.bucket}/${where.key}`, versionId, retainUntil, seq: body.seq };
  } finally {
    s3.destroy();
  }
}

export function anchoredLine(a: Anchored): string {
  return `head #${a.seq} anchored at ${a.url} (version ${a.versionId}, compliance lock until ${a.retainUntil.toISOString().slice(0, 10)})`;
}

/**
 * After a write command on a signed session: its new events are amendments, and each amendment
 * re-anchors the head. A failure to anchor never undoes what was recorded (a rollback is never
 * blocked); it is said on stderr with the command that anchors later.
 */
export async function reanchorIfMoved(
  ctx: Ctx,
  store: SessionStore,
  seqBefore: number,
  by: string,
): Promise<void> {
  const cfg = anchorConfigOf(store);
  const head = store.events.at(-1)?.seq ?? 0;
  if (!cfg || !store.sealed || head <= seqBefore) return;
  const signedNow = store.events.some(
    (e) =>
      e.seq > seqBefore && e.type === "session.signed" && !e.amendment && e.data.status !== "in-progress",
  );
  try {
    const a = await anchorHead(ctx, store, cfg, signedNow ? "sign-off" : "amendment", by);
    ctx.stderr.write(`${anchoredLine(a)}\n`);
  } catch (e) {
    ctx.stderr.write(
      `golive: recorded, but the head #${head} is NOT anchored: ${(e as Error).message}\n  → run golive anchor once S3 answers\n`,
    );
  }
}

/** `golive anchor`: (re-)anchors a signed session's head now. */
export async function run(ctx: Ctx, o: GlobalOpts): Promise<number> {
  const { store } = await openSession(ctx, o, false, "golive anchor");
  try {
    const cfg = anchorConfigOf(store);
    if (!cfg)
      throw new UserError(
        "this session's config has no anchor section, so there is nowhere to anchor its head",
        ExitCode.usage,
        'add "anchor": { "s3": "s3://BUCKET/PREFIX/", "retentionDays": N } to the config and run golive attach --config FILE',
      );
    if (!store.state.signoff || store.state.signoff.status === "in-progress")
      throw new UserError(
        "not signed off yet: the head is anchored at sign-off (golive sign --status …) and at each amendment after it",
        ExitCode.refused,
      );
    out(ctx, anchoredLine(await anchorHead(ctx, store, cfg, "head", actor(ctx, o))));
    return 0;
  } finally {
    await store.close();
  }
}

/** `golive doctor`'s line for the anchor: can its bucket lock an anchor at all? */
export async function anchorBucketLine(
  ctx: Ctx,
  cfg: AnchorConfig,
): Promise<{ ok: boolean; text: string; fix?: string }> {
  const { bucket } = anchorKey(cfg.s3, "x");
  const s3 = storeFor(ctx, { bucket, region: cfg.region, endpoint: cfg.endpoint });
  try {
    return {
      ok: true,
      text: `anchor: ${await s3.lockEnabled()}; each anchor locked COMPLIANCE for ${cfg.retentionDays} days`,
    };
  } catch (e) {
    return {
      ok: false,
      text: `anchor: ${(e as Error).message}`,
      fix: (e as UserError).hint ?? "check anchor.s3 in the config",
    };
  } finally {
    s3.destroy();
  }
}

/** `--anchor s3://bucket/key` (or a prefix ending in /, to which `<session id>.anchor.json` is added). */
export async function checkRecordAnchor(
  ctx: Ctx,
  url: string,
  endpoint: string | undefined,
  sessionId: string,
  events: readonly SessionEvent[],
): Promise<AnchorVerdict> {
  const p = parseS3Url(url);
  if (!p)
    throw new UserError(`--anchor ${url}: expected s3://BUCKET/KEY (or s3://BUCKET/PREFIX/)`, ExitCode.usage);
  const where = p.key === "" || p.key.endsWith("/") ? anchorKey(url, sessionId) : p;
  const s3 = storeFor(ctx, { bucket: where.bucket, endpoint });
  try {
    const shown = `s3://${where.bucket}/${where.key}`;
    return checkAnchors(sessionId, events, await s3.versions(where.key), shown, ctx.clock.now());
  } finally {
    s3.destroy();
  }
}
