/**
 * lowdb adapter that makes a write durable before it is acknowledged: temp file → fsync → keep the
 * previous file as `.bak` → rename → fsync the directory. lowdb's own JSONFile never fsyncs and
 * becomes in-memory under NODE_ENV=test, which is why it is not used.
 */
import { constants } from "node:fs";
import { link, open, readFile, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Adapter } from "lowdb";
import { InputError } from "../domain/errors.js";

export class DurableJsonFile<T> implements Adapter<T> {
  constructor(
    readonly file: string,
    private parse: (raw: unknown) => T,
  ) {}

  get backup(): string {
    return `${this.file}.bak`;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    return this.parse(parseJsonAt(this.file, text));
  }

  async write(data: T): Promise<void> {
    const text = `${JSON.stringify(data, null, 1)}\n`;
    const tmp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.tmp`);
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC, 0o600);
    try {
      await fh.writeFile(text, "utf8");
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      // The current file becomes the last good copy; link+rename keeps a file at both names throughout.
      const bakTmp = `${tmp}.bak`;
      await link(this.file, bakTmp);
      await rename(bakTmp, this.backup);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") {
        await unlink(tmp).catch(() => {});
        throw e;
      }
    }
    await rename(tmp, this.file);
    await fsyncDir(dirname(this.file));
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, constants.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** JSON.parse with the failure as file:line:col. */
export function parseJsonAt(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const lineCol = /line (\d+) column (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    if (lineCol) [line, column] = [Number(lineCol[1]), Number(lineCol[2])];
    else if (pos) {
      const offset = Number(pos[1]);
      const before = text.slice(0, offset);
      line = before.split("\n").length;
      column = offset - before.lastIndexOf("\n");
    } else if (text.trim() === "") {
      throw new InputError({ file }, "is empty (truncated?); expected a JSON document");
    } else {
      line = text.split("\n").length;
    }
    throw new InputError(
      { file, line, column },
      `not valid JSON (${msg.replace(/ in JSON at.*$/, "")}); truncated or edited?`,
    );
  }
}
