/**
 * The anchor object on S3: each anchor is a new version of one key, written with compliance-mode
 * Object Lock (PutObject with ObjectLockMode and ObjectLockRetainUntilDate; the bucket must have
 * been created with Object Lock enabled). Reading lists every version with its lock, because a
 * later version proves nothing about an earlier one.
 */
import {
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { ExitCode, UserError } from "../domain/errors.js";
import { s3Answer } from "./s3-log.js";

export interface AnchorStoreOptions {
  bucket: string;
  region?: string;
  endpoint?: string;
  credentials?: S3ClientConfig["credentials"];
  profile?: string;
}

export interface StoredAnchor {
  versionId: string;
  lastModified?: Date;
  lockMode?: string;
  retainUntil?: Date;
  body: string;
}

export class S3AnchorStore {
  private readonly s3: S3Client;
  readonly where: string;

  constructor(private readonly opts: AnchorStoreOptions) {
    this.where = `s3://${opts.bucket}`;
    this.s3 = new S3Client({
      region: opts.region ?? "us-east-1",
      ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
      maxAttempts: 3,
    });
  }

  /** Writes a new version under compliance lock until `retainUntil`; its version id. */
  async put(key: string, body: string, retainUntil: Date): Promise<string> {
    try {
      const r = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.opts.bucket,
          Key: key,
          Body: body,
          ContentType: "application/json",
          ObjectLockMode: "COMPLIANCE",
          ObjectLockRetainUntilDate: retainUntil,
        }),
      );
      if (!r.VersionId)
        throw new Error("S3 returned no version id (is versioning, and Object Lock, enabled?)");
      return r.VersionId;
    } catch (e) {
      throw this.failure("write", key, e);
    }
  }

  /**
   * Every version of the key, each with its lock as S3 states it now (HeadObject's lock headers;
   * GetObjectRetention says the same on AWS, but moto, the rehearsal S3, does not implement it).
   */
  async versions(key: string): Promise<StoredAnchor[]> {
    const out: StoredAnchor[] = [];
    try {
      let keyMarker: string | undefined;
      let versionMarker: string | undefined;
      do {
        const r = await this.s3.send(
          new ListObjectVersionsCommand({
            Bucket: this.opts.bucket,
            Prefix: key,
            ...(keyMarker ? { KeyMarker: keyMarker, VersionIdMarker: versionMarker } : {}),
          }),
        );
        for (const v of r.Versions ?? []) {
          if (v.Key !== key || !v.VersionId) continue;
          const ask = { Bucket: this.opts.bucket, Key: key, VersionId: v.VersionId };
          const head = await this.s3.send(new HeadObjectCommand(ask));
          const got = await this.s3.send(new GetObjectCommand(ask));
          out.push({
            versionId: v.VersionId,
            lastModified: v.LastModified,
            lockMode: head.ObjectLockMode,
            retainUntil: head.ObjectLockRetainUntilDate,
            body: await got.Body!.transformToString("utf8"),
          });
        }
        keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
        versionMarker = r.NextVersionIdMarker;
      } while (keyMarker);
    } catch (e) {
      throw this.failure("read", key, e);
    }
    return out;
  }

  /**
   * Whether the bucket can hold an anchor: Object Lock enabled (possible only at its creation, and
   * with it versioning). A bucket without it refuses every anchor at sign-off, when it is too late
   * to fix; `golive doctor` asks beforehand.
   */
  async lockEnabled(): Promise<string> {
    try {
      const r = await this.s3.send(new GetObjectLockConfigurationCommand({ Bucket: this.opts.bucket }));
      if (r.ObjectLockConfiguration?.ObjectLockEnabled === "Enabled") {
        const d = r.ObjectLockConfiguration.Rule?.DefaultRetention;
        return `s3://${this.opts.bucket} has Object Lock enabled${d ? ` (bucket default ${d.Mode} ${d.Days ?? d.Years} ${d.Days ? "days" : "years"})` : ""}`;
      }
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name !== "ObjectLockConfigurationNotFoundError")
        throw this.failure("read", "(its Object Lock configuration)", e);
    }
    throw new UserError(
      `s3://${this.opts.bucket} does not have Object Lock enabled, so no anchor can be locked there`,
      ExitCode.input,
      "Object Lock is set when a bucket is created: aws s3api create-bucket --bucket NAME --object-lock-enabled-for-bucket, then point anchor.s3 at it",
    );
  }

  destroy(): void {
    this.s3.destroy();
  }

  private failure(op: "read" | "write", key: string, e: unknown): UserError {
    if (e instanceof UserError) return e;
    return new UserError(
      `could not ${op} the anchor s3://${this.opts.bucket}/${key}: S3 ${s3Answer(e)}`,
      ExitCode.aws,
      "check the bucket (created with Object Lock enabled), the endpoint and the credentials",
    );
  }
}
