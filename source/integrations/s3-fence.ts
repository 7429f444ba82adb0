/**
 * The fence token of a team session's listener writes, as one S3 object (`<prefix>/<session>/
 * fence.json`) replaced with `If-Match` on its ETag: every bastion's writer bumps the same token, so
 * a rollback on one bastion fences a promote on another exactly as the local fence file does for
 * two processes on one. Forward writes (promote, scale-blue, Kubernetes steps) first ask `guard`,
 * the lead lease: only the lead, with a valid lease of the generation S3 has, moves traffic forward.
 */
import type { FencePort, FenceToken } from "../domain/ports.js";
import type { SharedObjectPort } from "../domain/shared-log.js";
import { EMPTY, nextFence } from "./fence-file.js";

const RACES = 20;

export function fenceKey(prefix: string, session: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, "");
  return `${p ? `${p}/` : ""}${session}/fence.json`;
}

export class S3Fence implements FencePort {
  constructor(
    private readonly store: SharedObjectPort,
    private readonly key: string,
    private readonly now: () => number,
    /** Throws (a UserError saying why) when a forward write may not go out from here. */
    private readonly guard?: (kind: string) => Promise<void>,
  ) {}

  async read(): Promise<FenceToken> {
    const got = await this.store.readTagged(this.key);
    return got ? this.parse(got.body) : EMPTY;
  }

  async bump(kind: string, writer: string): Promise<FenceToken> {
    if (kind !== "rollback" && kind !== "auto-rollback") await this.guard?.(kind);
    for (let i = 0; i < RACES; i++) {
      const got = await this.store.readTagged(this.key);
      const cur = got ? this.parse(got.body) : EMPTY;
      const next = nextFence(cur, kind, writer, this.now());
      const body = JSON.stringify(next);
      const tag = got
        ? await this.store.replaceIfMatch(this.key, body, got.tag)
        : await this.store.createTagged(this.key, body);
      if (tag) return next;
    }
    throw new Error(`${this.store.where}/${this.key}: ${RACES} bumps in a row lost to other writers`);
  }

  private parse(body: string): FenceToken {
    const v = JSON.parse(body) as Partial<FenceToken>;
    if (typeof v.token !== "number" || typeof v.rollbacks !== "number")
      throw new Error(`${this.store.where}/${this.key} is not a golive fence token`);
    return { ...EMPTY, ...v } as FenceToken;
  }
}
