/**
 * session/kept-binding.ts on files in a temp directory (milliseconds): the stat identity a kept
 * state is bound to, given only once the bytes are the ones checked and the file system's clock has
 * passed their last change; the body's checksum; the last event read from a document's tail.
 */
import { createHash } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bodySum, lastEventOf, settledIdentity, statIdentity } from "../../source/session/kept-binding.js";
import { tempDir } from "../helpers/paths.js";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("statIdentity and settledIdentity", () => {
  it("dev, inode, size, mtime and ctime in nanoseconds", () => {
    const file = join(tempDir("kept-binding-"), "s.json");
    writeFileSync(file, "abc");
    const fd = openSync(file, "r");
    const st = fstatSync(fd, { bigint: true });
    closeSync(fd);
    expect(statIdentity(st)).toBe(`${st.dev}:${st.ino}:3:${st.mtimeNs}:${st.ctimeNs}`);
  });

  it("the identity once the bytes are the ones checked; none for other bytes or another kind of file", () => {
    const dir = tempDir("kept-binding-");
    const file = join(dir, "s.json");
    writeFileSync(file, "the document");
    const probe = join(dir, ".cache");
    const seen: string[] = [];
    const id = settledIdentity(file, sha(Buffer.from("the document")), probe, (b) => {
      seen.push(Buffer.from(b).toString());
      return sha(b);
    });
    const fd = openSync(file, "r");
    expect(id).toBe(statIdentity(fstatSync(fd, { bigint: true })));
    closeSync(fd);
    expect(seen).toEqual(["the document"]);
    // The clock's probe is made in the directory given and removed.
    expect(readdirSync(probe)).toEqual([]);
    expect(settledIdentity(file, sha(Buffer.from("other")), probe, sha)).toBeUndefined();
    expect(settledIdentity(join(dir, "none.json"), sha(Buffer.from("")), probe, sha)).toBeUndefined();
    symlinkSync(file, join(dir, "link.json"));
    expect(
      settledIdentity(join(dir, "link.json"), sha(Buffer.from("the document")), probe, sha),
    ).toBeUndefined();
    mkdirSync(join(dir, "d.json"));
    expect(
      settledIdentity(join(dir, "d.json"), sha(Buffer.from("")), probe, () => sha(Buffer.from(""))),
    ).toBeUndefined();
    // A probe directory that cannot be made: the clock is not proven to have passed.
    writeFileSync(join(dir, "plain"), "");
    expect(
      settledIdentity(file, sha(Buffer.from("the document")), join(dir, "plain", "c"), sha),
    ).toBeUndefined();
  });
});

describe("settledIdentity's edges", () => {
  const openFds = () => readdirSync("/proc/self/fd").length;

  it("none when the file changes while it is read; every descriptor closed on every path", () => {
    const dir = tempDir("kept-binding-");
    const file = join(dir, "s.json");
    writeFileSync(file, "abc");
    const digest = sha(Buffer.from("abc"));
    const before = openFds();
    // The bytes are the ones checked, but the file is written to between the read and the re-stat.
    const moved = settledIdentity(file, digest, join(dir, "p"), (b) => {
      appendFileSync(file, "d");
      return sha(b);
    });
    expect(moved).toBeUndefined();
    expect(settledIdentity(file, sha(Buffer.from("abcd")), join(dir, "p"), sha)).toMatch(
      /^\d+:\d+:4:\d+:\d+$/,
    );
    expect(settledIdentity(file, digest, join(dir, "p"), sha)).toBeUndefined();
    writeFileSync(join(dir, "plain"), "");
    expect(settledIdentity(file, sha(Buffer.from("abcd")), join(dir, "plain", "p"), sha)).toBeUndefined();
    expect(openFds()).toBe(before);
  });

  it("makes the probe's directory, parents too, private", () => {
    const dir = tempDir("kept-binding-");
    const file = join(dir, "s.json");
    writeFileSync(file, "abc");
    const probe = join(dir, "a", "b");
    expect(settledIdentity(file, sha(Buffer.from("abc")), probe, sha)).toBeDefined();
    expect(statSync(probe).mode & 0o777).toBe(0o700);
  });
});

describe("bodySum", () => {
  it("is the length in hex and the CRC-32, eight hex digits", () => {
    expect(bodySum(Buffer.from("123456789"))).toBe("9-cbf43926");
    expect(bodySum(new Uint8Array(0))).toBe("0-00000000");
    expect(bodySum(Buffer.from("a"))).toBe("1-e8b7be43");
    expect(bodySum(Buffer.alloc(300, 7))).toMatch(/^12c-[0-9a-f]{8}$/);
  });
});

describe("lastEventOf", () => {
  const doc = (events: object[], indent = 1) =>
    `${JSON.stringify({ format: "f", id: "i", events }, null, indent)}\n`;
  const ev = (seq: number, pad = "") => ({ seq, hash: `h${seq}`, data: { text: `t${seq}${pad}` } });
  const tail = (text: string | Buffer, size?: number) => {
    const file = join(tempDir("kept-binding-"), "s.json");
    writeFileSync(file, text);
    const fd = openSync(file, "r");
    try {
      return lastEventOf(fd, size ?? Buffer.byteLength(text));
    } finally {
      closeSync(fd);
    }
  };

  it("the last event of golive's layout, from the tail only", () => {
    expect(tail(doc([ev(1), ev(2), ev(3)]))).toEqual(ev(3));
    expect(tail(doc([ev(1)]))).toEqual(ev(1));
    expect(tail(`${doc([ev(1), ev(2)]).trimEnd()} \n\t\r\n`)).toEqual(ev(2));
    // A document much longer than the tail read.
    const many = Array.from({ length: 400 }, (_, i) => ev(i + 1, "x".repeat(60)));
    expect(Buffer.byteLength(doc(many))).toBeGreaterThan(16384);
    expect(tail(doc(many))).toEqual(many.at(-1));
  });

  it("none for another layout, a last event longer than the tail, a short read or a last piece not an object", () => {
    expect(tail(doc([ev(1), ev(2)], 2))).toBeUndefined();
    expect(tail(doc([ev(1), ev(2, "y".repeat(17000))]))).toBeUndefined();
    // Alone in a document over the tail's size: its start is not in the tail.
    expect(tail(doc([ev(1, "y".repeat(17000))]))).toBeUndefined();
    const text = doc([ev(1), ev(2)]);
    expect(tail(text, Buffer.byteLength(text) + 10)).toBeUndefined();
    expect(tail(text.replace(/\]\n\}\n$/, "}\n"))).toBeUndefined();
    expect(tail(text.replace(/\n\}\n$/, "\n"))).toBeUndefined();
    expect(tail(text.replace('"seq": 2', '"seq": 2,,'))).toBeUndefined();
    expect(
      tail('{\n "format": "f",\n "id": "i",\n "events": [\n  {\n   "a": 1\n  },\n  null\n ]\n}\n'),
    ).toBeUndefined();
    expect(tail("")).toBeUndefined();
  });

  it("a boundary at the tail's very first byte still opens the last event", () => {
    // The last event's piece, from its boundary ("\n  },\n  {") to the end, exactly 16,384 bytes.
    const at = (text: string) => Buffer.byteLength(text) - text.lastIndexOf("\n  },\n  {");
    const pad = 16384 - at(doc([ev(1), ev(2)]));
    const text = doc([ev(1), ev(2, "y".repeat(pad))]);
    expect(at(text)).toBe(16384);
    expect(tail(text)).toEqual(ev(2, "y".repeat(pad)));
  });

  it("looks for the events' key only when the tail holds the whole file, and opens the event after it", () => {
    const EVENTS = ',\n "events": [\n  {';
    // The key in the tail of a longer file (a header 17,000 bytes long): not the document's start.
    const header = `{\n "format": "f",\n "id": "i",\n "pad": "${"y".repeat(17000)}"`;
    expect(tail(`${header}${EVENTS}"seq": 1\n  }\n ]\n}\n`)).toBeUndefined();
    expect(tail(`${header.slice(0, 40)}"${EVENTS}"seq": 1\n  }\n ]\n}\n`)).toEqual({ seq: 1 });
    // Where the key is, the event begins at its "{": whatever stands before it, even nothing.
    expect(tail(`${EVENTS}"seq": 1\n  }\n ]\n}\n`)).toEqual({ seq: 1 });
    // A tail of a longer file without a boundary: nothing, wherever an object could be parsed from.
    for (const skip of [16, 18]) {
      const last = `{"seq": 9, "t": "${"z".repeat(16384 - skip - 25)}"}\n ]\n}\n`;
      const text = `${"y".repeat(4000 + skip)}${last}`;
      expect(Buffer.byteLength(text) - Buffer.byteLength(last), String(skip)).toBe(4000 + skip);
      expect(tail(text), String(skip)).toBeUndefined();
    }
  });
});
