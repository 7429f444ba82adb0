/**
 * Reading a runbook file: each refusal in its exact words with the file:line:col a lead goes to
 * (missing, unreadable, a directory, too big, binary, not UTF-8, empty), the BOM, and the UTF-8
 * check held to the platform's own strict decoder. Temp files and byte arrays, for runbook-read.
 */
import { createHash } from "node:crypto";
import { mkdirSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, UserError } from "../../source/domain/errors.js";
import {
  decodeRunbook,
  firstInvalidUtf8,
  MAX_RUNBOOK_BYTES,
  readRunbookFile,
} from "../../source/runbook/read.js";
import { tempDir } from "../helpers/paths.js";

/** The error a promise rejects with, as message · exit code · hint. */
async function refusal(p: Promise<unknown>): Promise<[string, number, string | undefined]> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return [e.message, e.exitCode, e.hint];
  }
  throw new Error("not refused");
}
const bytes = (...b: number[]) => Uint8Array.from(b);
const ascii = (s: string) => Uint8Array.from(Buffer.from(s, "latin1"));

describe("firstInvalidUtf8", () => {
  it.each<[string, number[], number]>([
    ["ASCII", [0x61, 0x7f, 0x0a], -1],
    ["U+0080 and U+07FF, the two-byte range", [0xc2, 0x80, 0xdf, 0xbf], -1],
    ["an overlong two-byte form (C0, C1)", [0x61, 0xc1, 0xbf], 1],
    ["C0", [0xc0, 0x80], 0],
    ["U+0800 and U+FFFF", [0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf], -1],
    ["an overlong three-byte form", [0xe0, 0x9f, 0xbf], 0],
    ["U+D7FF and U+E000 around the surrogates", [0xed, 0x9f, 0xbf, 0xee, 0x80, 0x80], -1],
    ["U+D800", [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ["U+DFFF", [0xed, 0xbf, 0xbf], 0],
    ["U+10000 and U+10FFFF", [0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf], -1],
    ["an overlong four-byte form", [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ["past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["F5 and FF start nothing", [0xf5, 0x80, 0x80, 0x80], 0],
    ["FC, whose low bits would make U+100000", [0xfc, 0x80, 0x80, 0x80], 0],
    ["FF", [0xc3, 0xa9, 0xff], 2],
    ["a lone continuation byte", [0x80], 0],
    ["a sequence cut short by the end", [0x61, 0xe2, 0x82], 1],
    ["a sequence cut short by ASCII", [0xc3, 0x41], 0],
    ["a sequence cut short by a lead byte", [0xe2, 0x82, 0xc3, 0xa9], 0],
    ["a four-byte sequence's last byte wrong", [0xf0, 0x90, 0x80, 0xc0], 0],
    ["after a valid four-byte sequence", [0xf0, 0x9f, 0x98, 0x80, 0x80], 4],
    ["after a valid three-byte sequence", [0xe2, 0x82, 0xac, 0xbf], 3],
  ])("%s", (_what, b, at) => {
    expect(firstInvalidUtf8(bytes(...b))).toBe(at);
  });

  it("agrees with a strict decoder on 3,000 random short byte strings, and says where", () => {
    // A seeded generator: the same strings every run. Bytes are drawn mostly from the lead and
    // continuation ranges, where the cases are.
    let seed = 20261204;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pool = [
      0x41, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
    ];
    const strict = new TextDecoder("utf-8", { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    let invalid = 0;
    for (let n = 0; n < 3000; n++) {
      const b = Uint8Array.from(
        { length: 1 + Math.floor(next() * 6) },
        () => pool[Math.floor(next() * pool.length)]!,
      );
      const at = firstInvalidUtf8(b);
      expect(at === -1, Buffer.from(b).toString("hex")).toBe(valid(b));
      if (at >= 0) {
        invalid++;
        expect(valid(b.subarray(0, at)), Buffer.from(b).toString("hex")).toBe(true);
      }
    }
    expect(invalid).toBeGreaterThan(1000);
  });
});

describe("decodeRunbook", () => {
  it("the text and the SHA-256 of the bytes as read, a BOM dropped from the text only", () => {
    const b = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from("# T\n\uFEFFx")]);
    expect(decodeRunbook("f.md", b)).toEqual({
      text: "# T\n\uFEFFx",
      sha256: createHash("sha256").update(b).digest("hex"),
    });
  });

  it("a view into a larger buffer is read as the view", () => {
    const whole = Buffer.from("xx# Title\nyy");
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 2, 8);
    expect(decodeRunbook("f.md", view).text).toBe("# Title\n");
  });

  it("refusals at the byte that is wrong, column in bytes", () => {
    const err = (b: Uint8Array) => {
      try {
        decodeRunbook("f.md", b);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return "ok";
    };
    expect(err(ascii("\0"))).toBe("f.md:1:1: binary data (NUL byte); expected UTF-8 Markdown text");
    expect(err(ascii("ab\ncd\0\n\0"))).toBe("f.md:2:3: binary data (NUL byte); expected UTF-8 Markdown text");
    expect(err(Uint8Array.from([0x61, 0x0a, 0xc3, 0xa9, 0xff]))).toBe(
      "f.md:2:3: invalid UTF-8; save the runbook as UTF-8",
    );
    expect(err(Uint8Array.from([0xff, 0x61]))).toBe("f.md:1:1: invalid UTF-8; save the runbook as UTF-8");
    expect(err(Uint8Array.from([0xff, 0x00]))).toBe(
      "f.md:1:2: binary data (NUL byte); expected UTF-8 Markdown text",
    );
    expect(err(Uint8Array.from([0xef, 0xbb, 0xbf, 0x20, 0x0a, 0x09]))).toBe(
      "f.md: is empty; expected a Markdown runbook with headings and `- [ ]` items",
    );
    expect(err(new Uint8Array(0))).toBe(
      "f.md: is empty; expected a Markdown runbook with headings and `- [ ]` items",
    );
    expect(err(new Uint8Array(MAX_RUNBOOK_BYTES + 1).fill(0x61))).toBe(
      "f.md:1:1: is 1048577 bytes; runbooks over 1048576 bytes are refused",
    );
    expect(err(new Uint8Array(MAX_RUNBOOK_BYTES).fill(0x61))).toBe("ok");
  });
});

describe("readRunbookFile", () => {
  const dir = tempDir();
  const hint = "pass --runbook with the path of a Markdown runbook, e.g. checklists/deployment.md";

  it("reads a file; messages name it as typed", async () => {
    const f = join(dir, "ok.md");
    writeFileSync(f, "# Go-live\n- [ ] a\n");
    expect(await readRunbookFile(f)).toEqual({
      text: "# Go-live\n- [ ] a\n",
      sha256: createHash("sha256").update("# Go-live\n- [ ] a\n").digest("hex"),
    });
    const nul = join(dir, "nul.md");
    writeFileSync(nul, "a\0");
    expect(await refusal(readRunbookFile(nul, "my.md"))).toEqual([
      "my.md:1:2: binary data (NUL byte); expected UTF-8 Markdown text",
      3,
      undefined,
    ]);
  });

  it("missing, not readable as a file, a directory", async () => {
    expect(await refusal(readRunbookFile(join(dir, "none.md"), "none.md"))).toEqual([
      "none.md: no such runbook file",
      3,
      hint,
    ]);
    const f = join(dir, "plain.md");
    writeFileSync(f, "# x");
    expect(await refusal(readRunbookFile(join(f, "under.md"), "under.md"))).toEqual([
      "under.md: cannot read runbook (ENOTDIR)",
      3,
      hint,
    ]);
    const sub = join(dir, "sub.md");
    mkdirSync(sub);
    expect(await refusal(readRunbookFile(sub, "sub.md"))).toEqual([
      "sub.md: is a directory; expected a Markdown runbook file",
      3,
      undefined,
    ]);
  });

  it("over 1 MiB by its size, before it is read; at 1 MiB it is read", async () => {
    const big = join(dir, "big.md");
    writeFileSync(big, Buffer.alloc(MAX_RUNBOOK_BYTES + 1, 0x61));
    expect(await refusal(readRunbookFile(big, "big.md"))).toEqual([
      "big.md:1:1: is 1048577 bytes; runbooks over 1048576 bytes are refused",
      3,
      undefined,
    ]);
    const full = join(dir, "full.md");
    writeFileSync(full, Buffer.alloc(MAX_RUNBOOK_BYTES, 0x61));
    expect((await readRunbookFile(full)).text).toHaveLength(MAX_RUNBOOK_BYTES);
  });

  it("a file too large to read at all is refused by its size, not a crash of the read", async () => {
    // Sparse: 3 GiB by its size, no disk used. Read first, Node throws ERR_FS_FILE_TOO_LARGE (> 2 GiB).
    const huge = join(dir, "huge.md");
    writeFileSync(huge, "");
    truncateSync(huge, 3 * 2 ** 30);
    expect(await refusal(readRunbookFile(huge, "huge.md"))).toEqual([
      "huge.md:1:1: is 3221225472 bytes; runbooks over 1048576 bytes are refused",
      3,
      undefined,
    ]);
  });
});
