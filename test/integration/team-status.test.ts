/**
 * `golive status` on a team session reads S3 (moto, through a proxy a test switches off): it shows
 * what other bastions published after this copy's head, counts this copy's events S3 lacks, says
 * when S3 is unreachable, and calls no AWS service but S3 (every other endpoint of the config is a
 * listener that counts requests).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { minimalConfig } from "../helpers/env-config.js";
import { motoAbsent, motoForSuite, newTeamSession } from "../helpers/moto.js";
import { tempDir } from "../helpers/paths.js";
import { s3Proxy } from "../helpers/s3-proxy.js";

describe.skipIf(motoAbsent("team-status.test.ts"))("golive status on a team session reads S3", () => {
  const env = motoForSuite();
  let proxy: Awaited<ReturnType<typeof s3Proxy>>;
  let awsConnections = 0;
  // The environment's AWS endpoint: a sandbox config's clock is read here (not an AWS call); any
  // other request would be one, and is counted.
  const aws = createServer((req, res) => {
    if (req.url === "/_sandbox/clock") {
      res.setHeader("content-type", "application/json");
      return void res.end(JSON.stringify({ now: Date.now(), speed: 1, manual: false }));
    }
    awsConnections++;
    res.statusCode = 500;
    res.end();
  });
  beforeAll(async () => {
    proxy = await s3Proxy(env().moto.endpoint);
    await new Promise<void>((r) => aws.listen(0, "127.0.0.1", r));
  });
  afterAll(async () => {
    await proxy?.close();
    await new Promise((r) => aws.close(r));
  });

  it("newer events from another bastion are shown; unshared ones are counted; S3 down is said; no other AWS call", async () => {
    const dirs = { a: tempDir("golive-a-"), b: tempDir("golive-b-") };
    const port = (aws.address() as { port: number }).port;
    const config = join(tempDir(), "team.json");
    writeFileSync(
      config,
      JSON.stringify({
        ...minimalConfig(),
        aws: { region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, sandbox: true },
        team: { s3: { bucket: env().bucket, prefix: "st", endpoint: proxy.endpoint }, lease: { ttl: 600 } },
      }),
    );
    const as = (who: "a" | "b") => (args: string[]) =>
      golive(args, {
        sessions: dirs[who],
        env: { GOLIVE_USER: who === "a" ? "ann" : "bob", GOLIVE_BASTION: who },
      });
    // Only status's own calls are counted: it must call no AWS endpoint but S3.
    let statusAws = 0;
    const counted = (run: (args: string[]) => ReturnType<typeof golive>) => async (args: string[]) => {
      const before = awsConnections;
      const r = await run(args);
      if (args[0] === "status") statusAws += awsConnections - before;
      return r;
    };
    const [a, b] = [counted(as("a")), counted(as("b"))];
    const { id } = await newTeamSession(a, config);
    expect((await b(["join", id, "--config", config])).code).toBe(0);
    expect((await a(["note", "blue healthy"])).code).toBe(0);
    expect((await a(["note", "green warming up"])).code).toBe(0);

    // b's copy is two events behind: status shows them, from S3, without taking them into b's file.
    const behind = await b(["status", "--json"]);
    expect(behind.code, behind.stderr).toBe(0);
    expect(JSON.parse(behind.stdout).team).toEqual({ newer: 2, unshared: 0, diverged: 0, offline: null });
    const text = await b(["status"]);
    expect(text.stdout).toContain(
      `team (s3://${env().bucket}/st): 2 newer events from other bastions, shown here`,
    );
    const bFile = join(dirs.b, `${id}.json`);
    expect(readFileSync(bFile, "utf8")).not.toContain("green warming up");

    // S3 unreachable: b records a note locally; status says S3 is down and one event is unshared.
    proxy.set("reset");
    const offline = await b(["note", "from bob, offline"]);
    expect(offline.code, offline.stderr).toBe(0);
    const down = await b(["status"]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(
      /team \(s3:\/\/\S+\): S3 unreachable \(.+\): this bastion's copy as it stands; 1 event here not yet shared/,
    );

    // S3 back, before b shares: b's note is counted unshared, a's newer events named as diverged.
    proxy.set("up");
    const back = JSON.parse((await b(["status", "--json"])).stdout).team;
    expect(back).toEqual({ newer: 0, unshared: 1, diverged: 2, offline: null });
    // Sharing it (any command) brings both sides together: up to date.
    expect((await b(["note", "bob again"])).code).toBe(0);
    const synced = await a(["status"]);
    expect(synced.stdout).toMatch(
      /this copy is up to date \(\d+ events\)|2 newer events from other bastions/,
    );
    expect(JSON.parse((await b(["status", "--json"])).stdout).team).toMatchObject({ unshared: 0, newer: 0 });
    expect(statusAws, "status reads S3 only: no other AWS endpoint was called").toBe(0);
    // The probe itself works: status --live, which does read AWS, is seen there.
    await b(["status", "--live"]);
    expect(statusAws).toBeGreaterThan(0);
  });
});
