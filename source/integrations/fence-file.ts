/**
 * The cross-process fence token as a small JSON file beside the session: replaced atomically (temp
 * file, then rename), so a reader sees the old token or the new one, never half of either. It is not
 * fsynced: it orders writers that are alive at the same time, and a crash loses nothing it guards.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import type { FencePort, FenceToken } from "../domain/ports.js";

/** The token after `cur`: one more, by `writer`, counting rollbacks (a promote compares that count). */
export function nextFence(cur: FenceToken, kind: string, writer: string, at: number): FenceToken {
  const rollback = kind === "rollback" || kind === "auto-rollback";
  return { token: cur.token + 1, kind, writer, at, rollbacks: cur.rollbacks + (rollback ? 1 : 0) };
}

export const EMPTY: FenceToken = { token: 0, kind: "none", writer: "", at: 0, rollbacks: 0 };

export class FenceFile implements FencePort {
  constructor(
    readonly file: string,
    private now: () => number = Date.now,
  ) {}

  async read(): Promise<FenceToken> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return EMPTY;
      throw e;
    }
    const v = JSON.parse(text) as Partial<FenceToken>;
    if (typeof v.token !== "number" || typeof v.rollbacks !== "number")
      throw new Error(`${this.file} is not a golive fence token; delete it only if no golive is running`);
    return { ...EMPTY, ...v } as FenceToken;
  }

  async bump(kind: string, writer: string): Promise<FenceToken> {
    const cur = await this.read();
    const next = nextFence(cur, kind, writer, this.now());
    // O_EXCL on a random name: never follows or reuses someone else's file.
    const tmp = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, JSON.stringify(next), { flag: "wx", mode: 0o600 });
      await rename(tmp, this.file);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
    return next;
  }
}
