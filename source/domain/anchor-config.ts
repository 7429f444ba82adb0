/**
 * Where the chain head is anchored (issue 17): an S3 location in a bucket created with Object Lock,
 * and how long each anchor stays under compliance-mode retention (nobody, root included, can
 * delete or overwrite it before then).
 */
import * as z from "zod";

const S3_URL = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

/** `s3://bucket/some/prefix` → bucket and key prefix (no leading slash); undefined when not one. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = S3_URL.exec(url);
  return m ? { bucket: m[1]!, key: m[2] ?? "" } : undefined;
}

export const anchorConfig = z
  .object({
    /** s3://bucket/prefix/ — each session's anchor is `<prefix><session id>.anchor.json`. */
    s3: z.string().regex(S3_URL, "expected s3://BUCKET/PREFIX/ (a bucket created with Object Lock enabled)"),
    /** Compliance-mode retention of each anchor, in days (a record kept for audits: years). */
    retentionDays: z.number().int().min(1).max(36_500),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region like us-east-1")
      .optional(),
    /** An S3-compatible endpoint (moto in rehearsals); AWS's own when absent. */
    endpoint: z
      .string()
      .regex(/^https?:\/\/[^\s]+$/, "expected an http(s) URL")
      .optional(),
  })
  .strict();

export type AnchorConfig = z.infer<typeof anchorConfig>;

/** The one object whose versions are this session's anchors. */
export function anchorKey(prefixUrl: string, sessionId: string): { bucket: string; key: string } {
  const p = parseS3Url(prefixUrl)!;
  const prefix = p.key === "" || p.key.endsWith("/") ? p.key : `${p.key}/`;
  return { bucket: p.bucket, key: `${prefix}${sessionId}.anchor.json` };
}
