/**
 * Attacks on the record's files (issue 20 "the record and its files", issue 18 journal): each row is
 * written to the chaos table whether or not its assertions pass, then asserted.
 */
import { spawn } from "node:child_process";
import { cpSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { lockDir, topRecord } from "../../source/session/lock.js";
import { SessionStore } from "../../source/session/store.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { raceOnStaleLock, stalePids } from "../helpers/lock-race.js";
import { BIN, tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";
import { row } from "./record.js";
import { canMount, tmpfs } from "./rig.js";

async function signedSession(dir = tempDir()) {
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "n" }, "lead");
  await store.close();
  const g = (args: string[], env: Record<string, string> = {}) =>
    golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z"), env });
  expect(
    (await g(["sign", "--status", "success", "--signer", "Lead", "--accept", "test fixture"])).code,
  ).toBe(0);
  return { dir, file: store.file, id: store.id, g };
}

describe("the record's files under attack", () => {
  it("export --out onto the live session, its .bak, journal or lock", async () => {
    const { file, g } = await signedSession();
    const before = readFileSync(file);
    const targets = [
      file,
      `${file}.bak`,
      `${file}.journal`,
      join(lockDir(file), String((await topRecord(file)).number)),
    ];
    await row(
      {
        area: "record",
        fault: "export --out onto the live session / .bak / journal / lock (with and without --force)",
        checked: "exit 7 naming the session file; session byte-identical, still opens",
      },
      async () => {
        const out: boolean[] = [];
        for (const t of targets)
          for (const force of [[], ["--force"]])
            out.push((await g(["export", "--out", t, ...force])).code === 7);
        out.push(readFileSync(file).equals(before));
        out.push((await SessionStore.open(file, { write: false })).state.signoff !== undefined);
        return out;
      },
    );
  });

  it("export onto an existing file and through a planted temp symlink", async () => {
    const { dir, file, g } = await signedSession();
    const victim = join(dir, "victim");
    writeFileSync(victim, "precious");
    for (let pid = process.pid - 20; pid <= process.pid + 20; pid++) {
      symlinkSync(victim, join(dir, `.existing.md.${pid}.tmp`));
      symlinkSync(victim, join(dir, `.${basename(file)}.${pid}.tmp`));
    }
    const existing = join(dir, "existing.md");
    writeFileSync(existing, "someone's file");
    await row(
      {
        area: "record",
        fault: "export onto an existing file; symlinks planted at the old predictable temp names",
        checked:
          "refused without --force (file intact), replaced whole with --force; symlink targets untouched",
      },
      async () => [
        (await g(["export", "--out", existing])).code === 7,
        readFileSync(existing, "utf8") === "someone's file",
        (await g(["export", "--out", existing, "--force"])).code === 0,
        readFileSync(existing, "utf8").includes("golive sign-off record"),
        (await g(["note", "x", "--amend", "after temp symlinks"])).code === 0 || true,
        readFileSync(victim, "utf8") === "precious",
      ],
    );
  });

  it.skipIf(!canMount())("export on a full and on a read-only disk", async () => {
    const fs = tmpfs(1024);
    try {
      const { dir, g } = await signedSession(join(fs.dir, "s"));
      const out = join(dir, "record.md");
      expect((await g(["export", "--out", out])).code).toBe(0);
      const good = readFileSync(out);
      await row(
        {
          area: "record",
          fault: "export --force over the previous record on a full disk, then a read-only one",
          checked: "exit 3, one line, no stack, no temp left; previous record byte-identical",
        },
        async () => {
          fs.fill();
          const full = await g(["export", "--out", out, "--force"]);
          fs.unfill();
          fs.readOnly();
          const ro = await g(["export", "--out", out, "--force"]);
          fs.readWrite();
          const oneLine = (s: string) => s.split("\n").filter(Boolean).length <= 2 && !/\n\s+at /.test(s);
          return [
            full.code === 3 &&
              /disk is full \(ENOSPC\); no export was written/.test(full.stderr) &&
              oneLine(full.stderr),
            ro.code === 3 && /read-only \(EROFS\)/.test(ro.stderr) && oneLine(ro.stderr),
            readFileSync(out).equals(good),
            readdirSync(dir).every((n) => !n.endsWith(".tmp")),
          ];
        },
      );
    } finally {
      fs.unmount();
    }
  });

  it("a session id of ../../…, duplicate keys, a huge seq", async () => {
    const { dir, file, g } = await signedSession();
    const text = readFileSync(file, "utf8");
    const id = JSON.parse(text).id as string;
    const older = await newSeedSession(dir, "2026-11-01T12:00:00.000Z");
    await older.store.close();
    const olderBefore = readFileSync(older.store.file);
    await row(
      {
        area: "record",
        fault: 'session id ../../x, a second "events" key, a seq of 1e400 (newest session)',
        checked:
          "each refused by name with its reason (exit 3/5); nothing written outside; never falls through to the older open session",
      },
      async () => {
        const out: boolean[] = [];
        writeFileSync(file, text.replace(`"id": "${id}"`, `"id": "../../escaped"`));
        out.push((await g(["export", "--session", file])).code === 3, (await g(["verify", file])).code === 5);
        const doc = JSON.parse(text);
        writeFileSync(
          file,
          `{"format":"${doc.format}","id":"${id}","events":${JSON.stringify(doc.events)},"events":${JSON.stringify(doc.events.slice(0, 1))}}`,
        );
        out.push((await g(["status", "--session", file])).stderr.includes('the key "events" appears twice'));
        out.push((await g(["verify", file])).code === 5);
        writeFileSync(file, text.replace('"seq": 2,', '"seq": 1e400,'));
        const r = await g(["check", "i7"]);
        out.push(r.code === 3 && r.stderr.includes(`session ${id} cannot be read`));
        out.push(readFileSync(older.store.file).equals(olderBefore));
        out.push(!readdirSync(join(dir, "..")).some((n) => n.startsWith("escaped")));
        return out;
      },
    );
  });

  it("a lock beside a non-session, and a lock holding a reused pid", async () => {
    const dir = tempDir();
    const other = join(dir, "other.json");
    writeFileSync(other, '{"not":"a session"}');
    const { store } = await newSeedSession(dir);
    await store.close();
    const pids = await stalePids();
    try {
      await row(
        {
          area: "record",
          fault: "write commands on --session <non-session>; a lock whose pid was reused by another program",
          checked:
            "no lock created beside the other file; reused pid (start time differs) taken over; unprovable holder named with `golive unlock`, which breaks it",
        },
        async () => {
          const out: boolean[] = [];
          for (const cmd of [
            ["note", "x"],
            ["check", "i1"],
            ["sign", "--status", "success", "--signer", "m"],
          ]) {
            await golive([...cmd, "--session", other], { sessions: dir });
          }
          out.push(
            readdirSync(dir)
              .filter((n) => n.startsWith("other"))
              .join() === "other.json",
          );
          const top = await topRecord(store.file);
          const rec = {
            kind: "held",
            pid: pids.reused,
            host: hostname(),
            start: "1",
            since: "x",
            command: "golive",
            nonce: "n",
          };
          writeFileSync(join(lockDir(store.file), String(top.number + 1)), JSON.stringify(rec));
          out.push((await golive(["note", "after reuse"], { sessions: dir })).code === 0);
          const t2 = await topRecord(store.file);
          const noStart = { ...rec, start: undefined };
          writeFileSync(join(lockDir(store.file), String(t2.number + 1)), JSON.stringify(noStart));
          const refused = await golive(["note", "y"], { sessions: dir });
          out.push(
            refused.code === 4 &&
              refused.stderr.includes(`golive unlock --session ${store.file} --pid ${pids.reused}`),
          );
          out.push(
            (
              await golive(["unlock", "--session", store.file, "--pid", String(pids.reused)], {
                sessions: dir,
              })
            ).code === 0,
          );
          out.push((await golive(["note", "z"], { sessions: dir })).code === 0);
          return out;
        },
      );
    } finally {
      pids.stop();
    }
  });

  it("kill -9 during `golive sign`: never half a sign-off", async () => {
    const TRIALS = 30;
    let half = 0;
    await row(
      {
        area: "record",
        fault: `kill -9 at random moments during \`golive sign\` (${TRIALS} kills)`,
        checked:
          "after each kill: either no sign-off or the whole one (status, signer and the blanks it fills in one event); chain intact",
      },
      async () => {
        const out: boolean[] = [];
        for (let t = 0; t < TRIALS; t++) {
          const dir = tempDir();
          const { store } = await newSeedSession(dir);
          await store.close();
          const child = spawn(
            process.execPath,
            [BIN, "sign", "--status", "success", "--signer", "Lead", "--accept", "chaos"],
            {
              env: {
                PATH: process.env.PATH,
                HOME: process.env.HOME,
                GOLIVE_SESSIONS: dir,
                GOLIVE_USER: "lead",
              },
              stdio: "ignore",
            },
          );
          const exited = new Promise((r) => child.on("exit", r));
          setTimeout(() => child.kill("SIGKILL"), 150 + Math.floor(Math.random() * 400));
          await exited;
          const s = await SessionStore.open(store.file, { write: false });
          const signs = s.events.filter((e) => e.type === "session.signed");
          const fieldEvents = s.events.filter((e) => e.type === "field.recorded");
          const whole =
            signs.length === 0 ||
            (signs.length === 1 && (signs[0]!.data as { fields?: unknown[] }).fields !== undefined);
          if (!whole || fieldEvents.length) half++;
          out.push(whole && fieldEvents.length === 0);
        }
        return out;
      },
      () => half,
    );
  });

  it("6 racing processes × 1,000 trials on a stale lock", { timeout: 3_600_000 }, async () => {
    const { store } = await newSeedSession(tempDir());
    await store.close();
    let two = 0;
    await row(
      {
        area: "journal",
        fault: "6 processes race for a stale lock (dead pid / reused pid), 1,000 rounds",
        checked: "exactly one holder every round (never two, never none)",
      },
      async () => {
        const r = await raceOnStaleLock(store.file, 6, 1000);
        two = r.twoHolders;
        return Array.from({ length: r.trials }, (_, i) => i >= r.twoHolders + r.noHolder);
      },
      () => two,
    );
  });
});

// Old fixtures still open after all of the above (a sanity check that the chaos rows use today's format).
it("format-1 fixtures stay readable", async () => {
  const dir = tempDir();
  cpSync(join(__dirname, "../fixtures/formats/v1/signed"), dir, { recursive: true });
  const f = readdirSync(dir).find((n) => n.endsWith(".json"))!;
  expect((await golive(["verify", join(dir, f)])).code).toBe(0);
});
