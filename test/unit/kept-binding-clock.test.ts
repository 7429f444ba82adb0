/**
 * settledIdentity's wait for the file system's clock (kept-binding.ts clockPassed) on a clock the
 * test controls: node:fs as it is, except that the probe file's ctime is the one the test says after
 * each write. The identity is given only once a change would get a ctime later than the document's
 * last one (git's "racily clean" rule), after as many probe writes as that took, and never after 100.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { statIdentity } from "../../source/session/kept-binding.js";
import { tempDir } from "../helpers/paths.js";

const clock = {
  /** The probe's ctime after its n-th write (1 on), given the document's ctime; undefined: the real one. */
  ctime: undefined as ((n: number, doc: bigint) => bigint) | undefined,
  doc: 0n,
  probe: -1,
  writes: 0,
};

/** node:fs with the probe's writes counted and its ctime the clock's. */
async function clockedFs(importOriginal: <T>() => Promise<T>) {
  const real = await importOriginal<typeof import("node:fs")>();
  const openSync = ((path: string, ...rest: never[]) => {
    const fd = (real.openSync as (...a: unknown[]) => number)(path, ...rest);
    if (String(path).includes(".clock-")) {
      clock.probe = fd;
      clock.writes = 0;
    }
    return fd;
  }) as typeof real.openSync;
  const writeSync = ((fd: number, ...rest: never[]) => {
    if (fd === clock.probe) clock.writes++;
    return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof real.writeSync;
  const fstatSync = ((fd: number, opts?: never) => {
    const st = real.fstatSync(fd, opts);
    if (fd !== clock.probe || !clock.ctime) return st;
    return { ...st, ctimeNs: clock.ctime(clock.writes, clock.doc) };
  }) as typeof real.fstatSync;
  return { ...real, openSync, writeSync, fstatSync, default: { ...real, openSync, writeSync, fstatSync } };
}

// kept-binding.ts loaded afresh over that node:fs, for this file only (the suite shares its module
// graph between files: isolate false).
let settledIdentity: typeof import("../../source/session/kept-binding.js").settledIdentity;
beforeAll(async () => {
  vi.resetModules();
  vi.doMock("node:fs", clockedFs);
  ({ settledIdentity } = await import("../../source/session/kept-binding.js"));
});
afterAll(() => {
  vi.doUnmock("node:fs");
  vi.resetModules();
});

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** A document written, its ctime noted for the clock; settledIdentity's answer and the probe's writes. */
function settle(ctime: (n: number, doc: bigint) => bigint) {
  const dir = tempDir("kept-clock-");
  const file = join(dir, "s.json");
  writeFileSync(file, "the document");
  const fd = openSync(file, "r");
  const st = fstatSync(fd, { bigint: true });
  closeSync(fd);
  clock.doc = st.ctimeNs;
  clock.ctime = ctime;
  try {
    const id = settledIdentity(file, sha(Buffer.from("the document")), join(dir, "p"), sha);
    return { id, writes: clock.writes, want: statIdentity(st) };
  } finally {
    clock.ctime = undefined;
    clock.probe = -1;
  }
}

describe("settledIdentity waits for the file system's clock", () => {
  it("writes the probe until its ctime is later than the document's, then gives the identity", () => {
    const r = settle((n, doc) => (n < 3 ? doc : doc + 1n));
    expect({ id: r.id, writes: r.writes }).toEqual({ id: r.want, writes: 3 });
  });

  it("a probe's ctime equal to the document's is not later: the write could be the same tick's", () => {
    const r = settle((n, doc) => (n < 2 ? doc - 5n : n < 4 ? doc : doc + 1n));
    expect({ id: r.id, writes: r.writes }).toEqual({ id: r.want, writes: 4 });
  });

  it("gives up after 100 writes whose ctime never passed the document's: no identity", () => {
    expect(settle((_, doc) => doc)).toEqual({ id: undefined, writes: 100, want: expect.any(String) });
  });
});
