/**
 * The port team mode writes a session through: a shared, append-only log of one object per event
 * (S3 in production, moto in rehearsals). Its one promise is the conditional create: of two writers
 * creating the same key, exactly one succeeds, so two bastions can never both append one sequence
 * number. The session layer decides and chains; the adapter only stores bytes.
 */
export interface SharedLogPort {
  /** Where the log is, for messages (`s3://bucket/prefix`). */
  readonly where: string;
  /** Creates `key` with `body` unless it exists: "exists" means another writer got there first. */
  createIfAbsent(key: string, body: string): Promise<"created" | "exists">;
  /** The object's text, or undefined when there is none. */
  read(key: string): Promise<string | undefined>;
  /** Every key under `prefix` that sorts after `after` (all of them without it), in order. */
  listAfter(prefix: string, after?: string): Promise<string[]>;
}

/** An object with the version tag its store gave it (S3's ETag). */
export interface TaggedObject {
  body: string;
  tag: string;
}

/**
 * Objects that are replaced, not appended (the lead lease): a replace names the version it read, and
 * of two replacing the same version exactly one succeeds (S3's `If-Match` on the ETag).
 */
export interface SharedObjectPort {
  readonly where: string;
  readTagged(key: string): Promise<TaggedObject | undefined>;
  /** Creates `key` unless it exists; the new object's tag, or undefined when another was first. */
  createTagged(key: string, body: string): Promise<string | undefined>;
  /** Replaces `key` if it is still version `tag`; the new tag, or undefined when it changed meanwhile. */
  replaceIfMatch(key: string, body: string, tag: string): Promise<string | undefined>;
}
