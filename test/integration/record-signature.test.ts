/**
 * `golive sign --key` and `golive verify --allowed-signers` against OpenSSH's own ssh-keygen and
 * ssh-agent, both directions: golive signs → `ssh-keygen -Y verify -n golive` accepts; ssh-keygen
 * signs → golive accepts; an edited byte, another namespace, a key not allowed → refused.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../source/domain/errors.js";
import { fixedClock, golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";
import { newSeedSession } from "../helpers/session.js";
import { hasTool } from "../helpers/tools.js";
import { which } from "../helpers/which.js";

const KEYGEN = which("ssh-keygen");
const haveSsh = hasTool(
  KEYGEN && which("ssh-agent"),
  "OpenSSH (ssh-keygen, ssh-agent)",
  "the SSH signature tests",
);

function keygen(dir: string, type: string, passphrase = ""): string {
  const f = join(dir, `id_${type}${passphrase ? "_locked" : ""}`);
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-C", `${type}@test`, "-f", f]);
  return f;
}

/** ssh-keygen -Y verify on a file, with `identity` allowed to sign with `pub`. */
function sshVerify(
  dir: string,
  file: string,
  pub: string,
  identity = "ann@example.com",
  sig = `${file}.sig`,
) {
  const allowed = join(dir, "allowed_signers");
  writeFileSync(allowed, `${identity} namespaces="golive" ${readFileSync(pub, "utf8")}`);
  return spawnSync("ssh-keygen", ["-Y", "verify", "-n", "golive", "-f", allowed, "-I", identity, "-s", sig], {
    input: readFileSync(file),
    encoding: "utf8",
  });
}

/** A signed-off session in its own directory, and golive bound to it. */
async function signedSession() {
  const dir = tempDir("record-sig-");
  const { store } = await newSeedSession(dir);
  await store.append("note.added", { text: "blue healthy" }, "lead");
  await store.close();
  const g = (args: string[], env: Record<string, string> = {}) =>
    golive(args, { sessions: dir, clock: fixedClock("2026-11-23T13:00:00Z"), env });
  expect((await g(["sign", "--status", "success", "--signer", "Ann", "--accept", "fixture"])).code).toBe(0);
  return { dir, g };
}

describe.skipIf(!haveSsh)("golive sign --key / verify --allowed-signers, with OpenSSH", () => {
  for (const type of ["ed25519", "rsa", "ecdsa"]) {
    it(`${type}: golive signs the export, ssh-keygen -Y verify accepts it, and so does golive`, async () => {
      const { dir, g } = await signedSession();
      const key = keygen(dir, type);
      const out = join(dir, "record.json");
      const s = await g(["sign", "--key", key, "--out", out]);
      expect(s.code, s.stderr).toBe(0);
      expect(s.stdout).toContain(`${out}.sig`);
      const v = sshVerify(dir, out, `${key}.pub`);
      expect(v.status, v.stderr).toBe(0);
      expect(v.stdout + v.stderr).toContain('Good "golive" signature for ann@example.com');
      const ok = await g(["verify", out, "--allowed-signers", join(dir, "allowed_signers")]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/signature good: ann@example\.com with \S+ SHA256:/);
      // The signature covers the bytes as written, exportedAt included: one byte changed fails both.
      const text = readFileSync(out, "utf8");
      writeFileSync(
        out,
        text.replace(/"exportedAt": "2026-11-23T13:00:00/, '"exportedAt": "2026-11-23T13:00:01'),
      );
      expect(sshVerify(dir, out, `${key}.pub`).status).not.toBe(0);
      const bad = await g(["verify", out, "--allowed-signers", join(dir, "allowed_signers")]);
      expect(bad.code).toBe(ExitCode.verifyFailed);
      expect(bad.stderr).toContain("the signature does not match these bytes");
    });
  }

  it("ssh-keygen -Y sign -n golive → golive verify accepts; another namespace or another key is refused", async () => {
    const { dir, g } = await signedSession();
    const out = join(dir, "record.json");
    expect((await g(["export", "--format", "json", "--out", out])).code).toBe(0);
    const key = keygen(dir, "ed25519");
    const other = keygen(dir, "ecdsa");
    const allowed = join(dir, "allowed_signers");
    writeFileSync(
      allowed,
      `# the release team\nann@example.com namespaces="golive" ${readFileSync(`${key}.pub`, "utf8")}`,
    );
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-f", key, "-n", "golive", out]);
    const ok = await g(["verify", out, "--allowed-signers", allowed, "--identity", "ann@example.com"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("signature good: ann@example.com");
    const who = await g(["verify", out, "--allowed-signers", allowed, "--identity", "bob@example.com"]);
    expect(who.code).toBe(ExitCode.verifyFailed);
    expect(who.stderr).toContain('not allowed for identity "bob@example.com"');

    // ssh-keygen never replaces a .sig: each signing below starts without one.
    rmSync(`${out}.sig`);
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-f", key, "-n", "git", out]);
    const git = await g(["verify", out, "--allowed-signers", allowed]);
    expect(git.code).toBe(ExitCode.verifyFailed);
    expect(git.stderr).toContain('namespace "git", not "golive"');

    rmSync(`${out}.sig`);
    execFileSync("ssh-keygen", ["-q", "-Y", "sign", "-f", other, "-n", "golive", out]);
    const stranger = await g(["verify", out, "--allowed-signers", allowed, "--json"]);
    expect(stranger.code).toBe(ExitCode.verifyFailed);
    expect(JSON.parse(stranger.stdout).problem).toMatch(
      /the signing key SHA256:\S+ is not in the allowed signers/,
    );
  });

  it("a passphrase-protected key file is refused with the way through ssh-agent; no .sig is left", async () => {
    const { dir, g } = await signedSession();
    const locked = keygen(dir, "ed25519", "correct horse");
    const r = await g(["sign", "--key", locked, "--out", join(dir, "r.json")]);
    expect(r.code).toBe(ExitCode.usage);
    expect(r.stderr).toContain("is protected by a passphrase");
    expect(r.stderr).toContain("ssh-add");
    expect(existsSync(join(dir, "r.json"))).toBe(false);
  });

  describe("through ssh-agent", () => {
    let agent: ChildProcess | undefined;
    let sock = "";
    let dir = "";
    beforeAll(async () => {
      dir = tempDir("record-agent-");
      sock = join(dir, "agent.sock");
      agent = spawn("ssh-agent", ["-D", "-a", sock], { stdio: ["ignore", "pipe", "ignore"] });
      // In the foreground ssh-agent prints its SSH_AUTH_SOCK line once it listens.
      await new Promise<void>((resolve, reject) => {
        agent!.stdout!.on("data", () => resolve());
        agent!.on("exit", (c) => reject(new Error(`ssh-agent exited (${c})`)));
      });
    });
    afterAll(() => {
      agent?.kill();
    });

    it("--key agent signs with the agent's only key; with two it asks which (KEY.pub or agent:SHA256:…)", async () => {
      const { dir: sdir, g } = await signedSession();
      const env = { SSH_AUTH_SOCK: sock };
      const rsa = keygen(dir, "rsa");
      execFileSync("ssh-add", ["-q", rsa], { env: { ...process.env, ...env }, stdio: "ignore" });
      const out = join(sdir, "record.json");
      const s = await g(["sign", "--key", "agent", "--out", out], env);
      expect(s.code, s.stderr).toBe(0);
      const v = sshVerify(sdir, out, `${rsa}.pub`);
      expect(v.status, v.stderr).toBe(0);

      const ed = keygen(dir, "ed25519");
      execFileSync("ssh-add", ["-q", ed], { env: { ...process.env, ...env }, stdio: "ignore" });
      const two = await g(["sign", "--key", "agent", "--out", join(sdir, "two.json")], env);
      expect(two.code).toBe(ExitCode.usage);
      expect(two.stderr).toContain("ssh-agent holds 2 keys");
      const byPub = await g(["sign", "--key", `${ed}.pub`, "--out", join(sdir, "pub.json")], env);
      expect(byPub.code, byPub.stderr).toBe(0);
      expect(sshVerify(sdir, join(sdir, "pub.json"), `${ed}.pub`).status).toBe(0);
      // ed25519's fingerprint as ssh-keygen prints it selects it too.
      const fp = execFileSync("ssh-keygen", ["-l", "-f", `${ed}.pub`], { encoding: "utf8" }).split(" ")[1]!;
      const byFp = await g(["sign", "--key", `agent:${fp}`, "--out", join(sdir, "fp.json")], env);
      expect(byFp.code, byFp.stderr).toBe(0);
      const ok = await g([
        "verify",
        join(sdir, "fp.json"),
        "--allowed-signers",
        join(sdir, "allowed_signers"),
      ]);
      expect(ok.code, ok.stderr).toBe(0);
    });

    it("no agent: --key agent says SSH_AUTH_SOCK is unset, and nothing is written", async () => {
      const { dir: sdir, g } = await signedSession();
      const r = await g(["sign", "--key", "agent", "--out", join(sdir, "x.json")], { SSH_AUTH_SOCK: "" });
      expect(r.code).toBe(ExitCode.usage);
      expect(r.stderr).toContain("SSH_AUTH_SOCK is not set");
      expect(existsSync(join(sdir, "x.json"))).toBe(false);
    });
  });
});
