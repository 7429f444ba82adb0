import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SessionStore } from "../../source/session/store.js";
import { golive } from "../helpers/cli.js";
import { awsCliReads, motoAbsent, motoForSuite, newTeamSession } from "../helpers/moto.js";
import { tempDir } from "../helpers/paths.js";
import { s3Proxy } from "../helpers/s3-proxy.js";
import { startSandbox, weightsOnAws } from "../helpers/sandbox.js";
import { LOADED } from "../helpers/timeouts.js";

const skip = motoAbsent("team-mode.test.ts");

/** Two bastions on one machine: own sessions directories, own people; one sandbox, one S3 (via the proxy). */
describe.skipIf(skip)("team mode through the CLI: S3 store, offline, the lead", () => {
  const env = motoForSuite();
  let s: Awaited<ReturnType<typeof startSandbox>>;
  let proxy: Awaited<ReturnType<typeof s3Proxy>>;
  let config: string;
  let prefix = 0;
  const dirs = { a: "", b: "" };
  const as = (who: "a" | "b") => (args: string[]) =>
    golive(args, {
      sessions: dirs[who],
      clock: { now: () => s.sb.clock.now() },
      env: { GOLIVE_USER: who === "a" ? "ann" : "bob", GOLIVE_BASTION: who },
    });
  const a = as("a");
  const b = as("b");
  const events = async (who: "a" | "b") => {
    const [f] = JSON.parse((await as(who)(["list", "--json"])).stdout) as { file: string }[];
    const st = await SessionStore.open(f!.file, { write: false });
    const out = st.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      hash: e.hash,
      merged: e.merged,
      data: e.data,
    }));
    await st.close();
    return out;
  };

  beforeAll(async () => {
    s = await startSandbox();
    proxy = await s3Proxy(env().moto.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
    await s?.sb.stop();
  });
  /** The session's config: one S3 prefix per test; `s3` adds to its S3 section. */
  const writeConfig = (s3: Record<string, unknown> = {}) => {
    const cfg = JSON.parse(readFileSync(s.files.config, "utf8"));
    cfg.team = {
      s3: { bucket: env().bucket, prefix: `t${prefix}`, endpoint: proxy.endpoint, ...s3 },
      lease: { ttl: 600 },
    };
    config = join(tempDir(), "team.json");
    writeFileSync(config, JSON.stringify(cfg, null, 2));
  };
  beforeEach(() => {
    proxy.set("up");
    dirs.a = tempDir();
    dirs.b = tempDir();
    prefix++;
    writeConfig();
  });

  async function started() {
    const { id, made } = await newTeamSession(a, config);
    expect(made.stdout).toContain(`team     shared to s3://${env().bucket}/t${prefix}; lead ann@a`);
    const joined = await b(["join", id, "--config", config]);
    expect(joined.code, joined.stderr).toBe(0);
    return id;
  }

  it("new publishes and takes the lead; join copies it; each bastion takes the other's events before it appends", async () => {
    const id = await started();
    expect((await b(["note", "from bob"])).stdout).toContain("noted (#3)");
    expect((await a(["note", "from ann"])).stdout).toContain("noted (#4)");
    expect((await b(["lead"])).stdout).toMatch(/^lead ann@a \(generation 1\) until /);
    const ea = await events("a");
    expect(ea.map((e) => e.type)).toEqual(["session.created", "lead.changed", "note.added", "note.added"]);
    const got = await awsCliReads(
      env().moto.endpoint,
      env().bucket,
      `t${prefix}/${id}/events/`,
      `t${prefix}/${id}/events/000000000004.json`,
    );
    expect(got.keys).toHaveLength(4);
    expect((got.object as { hash: string }).hash).toBe(ea[3]!.hash);
  });

  it("S3 unreachable: commands work locally and say how many events are not yet shared; when it returns they follow a rival's, chain intact", async () => {
    await started();
    proxy.set("reset");
    const offline = await a(["note", "written offline"]);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stderr).toMatch(/golive: 1 event of session \S+ not yet shared \(.*S3 is unreachable/);
    proxy.set("up");
    expect((await b(["note", "bob meanwhile"])).stdout).toContain("noted (#3)");
    const back = await a(["note", "back online"]);
    expect(back.stderr).not.toContain("not yet shared");
    const [ea, eb] = [await events("a"), await events("b")];
    expect(ea.map((e) => [e.seq, (e.data as { text?: string }).text])).toEqual([
      [1, undefined],
      [2, undefined],
      [3, "bob meanwhile"],
      [4, "written offline"],
      [5, "back online"],
    ]);
    expect(ea[3]!.merged?.from).toBe("offline on this bastion as #3");
    expect((await b(["lead"])).code).toBe(0);
    expect((await events("b")).map((e) => e.hash)).toEqual(ea.map((e) => e.hash));
    expect(eb).toHaveLength(3);
  });

  it(
    "rollback is never blocked by S3 (down or hung); promotion needs the lead and S3; only the lead promotes",
    async () => {
      // Each S3 request made while the proxy hangs waits out the team's S3 timeout, twice: golive's
      // default (2 s) made this test ~18 s of waiting on a quiet machine. The timeout is the team
      // config's, so the test sets a shorter one; what is asserted does not depend on its length.
      writeConfig({ timeoutMs: 500 });
      await started();
      const bobs = await b(["promote", "--yes", "--override", "not the lead"]);
      expect(bobs.code, bobs.stderr + bobs.stdout).toBe(7);
      expect(bobs.stderr).toMatch(/only the lead promotes: ann@a took the lead/);
      expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
      const up = await a(["promote", "--yes", "--override", "rehearsal"]);
      expect(up.code, up.stderr).toBe(0);
      expect(weightsOnAws(s.sb)).toEqual({ blue: 90, green: 10 });
      for (const mode of ["reset", "hang"] as const) {
        proxy.set(mode);
        const before = weightsOnAws(s.sb);
        const refused = await a(["promote", "--yes", "--override", "S3 away"]);
        // Refused before anything is sent: the lease or the fence cannot be confirmed in S3.
        expect([6, 7], refused.stderr).toContain(refused.code);
        expect(refused.stderr).toMatch(/S3 is unreachable|S3 confirms/);
        expect(weightsOnAws(s.sb)).toEqual(before);
        const rb = await b(["rollback", "--reason", `S3 ${mode}`, "--yes"]);
        expect(rb.code, rb.stderr).toBe(0);
        expect(rb.stdout).toContain("rollback confirmed by AWS: blue 100 / green 0");
        expect(rb.stderr).toMatch(/events? of session \S+ not yet shared/);
        expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
        proxy.set("up");
        expect((await a(["promote", "--yes", "--override", "again"])).code).toBe(0);
      }
      // The next test starts from blue 100 / green 0 on this sandbox.
      expect((await b(["rollback", "--reason", "reset", "--yes"])).code).toBe(0);
    },
    LOADED,
  );

  it("lead --take is refused while ann's lease is valid; --force takes it, recorded; ann may then no longer promote", async () => {
    await started();
    const refused = await b(["lead", "--take", "--reason", "drill"]);
    expect(refused.code).toBe(7);
    expect(refused.stderr).toMatch(/the lead was not taken: ann@a leads until /);
    expect((await b(["lead", "--take", "--force"])).stderr).toMatch(
      /taking the lead from ann@a needs a reason/,
    );
    const forced = await b(["lead", "--take", "--force", "--reason", "ann is unreachable"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(
      /lead taken by bob@b \(generation 2, .*\) from ann@a — FORCED while ann@a's lease ran until /,
    );
    const ann = await a(["promote", "--yes", "--override", "still mine?"]);
    expect(ann.code).toBe(7);
    expect(ann.stderr).toMatch(/only the lead promotes: bob@b took the lead \(generation 2\)/);
    expect(weightsOnAws(s.sb)).toEqual({ blue: 100, green: 0 });
    const led = (await events("a")).filter((e) => e.type === "lead.changed").map((e) => e.data);
    expect(led).toMatchObject([
      { holder: "ann@a", generation: 1 },
      {
        holder: "bob@b",
        generation: 2,
        previous: "ann@a",
        reason: "ann is unreachable",
        forced: { from: "ann@a" },
      },
    ]);
  });
});
