/**
 * The shared event log on S3: one object per event, created with `If-None-Match: *` (S3's conditional
 * write, as Terraform's S3 backend uses for its state lock), so of two bastions appending the same
 * sequence number exactly one succeeds and the other is told 412 Precondition Failed.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { ExitCode, UserError } from "../domain/errors.js";
import type { SharedLogPort, SharedObjectPort, TaggedObject } from "../domain/shared-log.js";

export interface S3LogOptions {
  bucket: string;
  region?: string;
  /** An S3-compatible endpoint (moto in rehearsals); AWS's own when absent. */
  endpoint?: string;
  credentials?: S3ClientConfig["credentials"];
  timeoutMs?: number;
  maxAttempts?: number;
}

/** 409: S3 is finishing another conditional write to the same key; asked again after a short wait. */
const CONFLICT_RETRIES = 8;

export class S3SharedLog implements SharedLogPort, SharedObjectPort {
  readonly where: string;
  private readonly s3: S3Client;

  constructor(private readonly opts: S3LogOptions) {
    this.where = `s3://${opts.bucket}${opts.endpoint ? ` at ${opts.endpoint}` : ""}`;
    const timeout = opts.timeoutMs ?? 10_000;
    this.s3 = new S3Client({
      region: opts.region ?? "us-east-1",
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      maxAttempts: opts.maxAttempts ?? 3,
      // The checksum a PUT needs is S3's own (Content-MD5 is not required for PutObject); the SDK's
      // optional CRC trailers add nothing to a write the chain's hashes already check end to end.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: new NodeHttpHandler({
        connectionTimeout: Math.min(timeout, 3000),
        requestTimeout: timeout,
        throwOnRequestTimeout: true,
      }),
    });
  }

  async createIfAbsent(key: string, body: string): Promise<"created" | "exists"> {
    return (await this.put(key, body, { IfNoneMatch: "*" })) === undefined ? "exists" : "created";
  }

  async readTagged(key: string): Promise<TaggedObject | undefined> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      return { body: await r.Body!.transformToString("utf8"), tag: r.ETag! };
    } catch (e) {
      if (httpStatus(e) === 404) return undefined;
      throw this.failure("read", key, e);
    }
  }

  async createTagged(key: string, body: string): Promise<string | undefined> {
    return this.put(key, body, { IfNoneMatch: "*" });
  }

  async replaceIfMatch(key: string, body: string, tag: string): Promise<string | undefined> {
    return this.put(key, body, { IfMatch: tag });
  }

  /** A conditional PUT: the new ETag, or undefined when the condition no longer held (412, or 404 for If-Match). */
  private async put(key: string, body: string, cond: { IfNoneMatch?: string; IfMatch?: string }) {
    for (let attempt = 1; ; attempt++) {
      try {
        const r = await this.s3.send(
          new PutObjectCommand({
            Bucket: this.opts.bucket,
            Key: key,
            Body: body,
            ContentType: "application/json",
            ...cond,
          }),
        );
        return r.ETag!;
      } catch (e) {
        const status = httpStatus(e);
        if (status === 412 || (status === 404 && cond.IfMatch)) return undefined;
        if (status === 409 && attempt < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 10 * attempt));
          continue;
        }
        throw this.failure("write", key, e);
      }
    }
  }

  async read(key: string): Promise<string | undefined> {
    try {
      const r = await this.s3.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: key }));
      return await r.Body!.transformToString("utf8");
    } catch (e) {
      if (httpStatus(e) === 404) return undefined;
      throw this.failure("read", key, e);
    }
  }

  async listAfter(prefix: string, after?: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await this.s3.send(
          new ListObjectsV2Command({
            Bucket: this.opts.bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : after ? { StartAfter: after } : {}),
          }),
        );
        for (const o of r.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw this.failure("list", prefix, e);
    }
    return keys;
  }

  /** Creates the bucket (a rehearsal's moto starts empty). */
  async createBucket(): Promise<void> {
    try {
      await this.s3.send(new CreateBucketCommand({ Bucket: this.opts.bucket }));
    } catch (e) {
      throw this.failure("write", "(the bucket)", e);
    }
  }

  destroy(): void {
    this.s3.destroy();
  }

  /** One line naming the store and what it answered (or that it did not answer at all). */
  private failure(op: "read" | "write" | "list", key: string, e: unknown): UserError {
    return new UserError(
      `could not ${op} ${key} in ${this.where}: S3 ${s3Answer(e)}`,
      ExitCode.aws,
      "check the bucket, the endpoint and the credentials (`aws s3api head-bucket --bucket …`)",
    );
  }
}

/** What S3 answered (`answered 403 AccessDenied: …`), or that it did not answer at all. */
export function s3Answer(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string };
  const status = httpStatus(e);
  const what = status
    ? `answered ${status} ${err.name ?? ""}${err.message && err.message !== err.name ? `: ${err.message}` : ""}`
    : `is unreachable (${err.code ?? err.name ?? "error"}: ${err.message ?? String(e)})`;
  return what.replace(/\s+/g, " ").trim();
}

function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
