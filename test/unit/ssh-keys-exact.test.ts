/**
 * ssh-keys.ts and ssh-sig.ts byte for byte against OpenSSH: the private key golive reads from
 * OpenSSH's own format is, component by component, the key OpenSSL reads from the same key written
 * as PEM by ssh-keygen (an RSA key's CRT values dp and dq are computed by golive, and OpenSSL signs
 * correctly with wrong ones, only slower, so a signature check cannot tell); an Ed25519 signature,
 * which is deterministic, is the very text `ssh-keygen -Y sign` writes, wrapping included; and a
 * public key line or point read as ssh-keygen reads it.
 */
import { execFileSync } from "node:child_process";
import { createPrivateKey, generateKeyPairSync } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../../source/domain/errors.js";
import {
  parsePrivateKey,
  parsePublicKeyLine,
  publicKeyFromBlob,
  SshReader,
  sshMpint,
  sshString,
} from "../../source/session/ssh-keys.js";
import { keySigner, signSshsig } from "../../source/session/ssh-sig.js";
import { tempDir } from "../helpers/paths.js";

const keygen = (args: string[]) =>
  execFileSync("ssh-keygen", args, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

let dir = "";
beforeAll(() => {
  dir = tempDir("ssh-exact-");
});

/** A new key of `type`, as ssh-keygen writes it (OpenSSH's format). */
function made(name: string, args: string[]): string {
  const file = join(dir, name);
  keygen(["-q", ...args, "-N", "", "-C", "c", "-f", file]);
  return file;
}

describe("a private key in OpenSSH's format", () => {
  it("is the key OpenSSL reads from the same key as PEM, every component (RSA's dp, dq, qi too)", () => {
    for (const [name, args] of [
      ["rsa1024", ["-t", "rsa", "-b", "1024"]],
      ["ecdsa256", ["-t", "ecdsa", "-b", "256"]],
      ["ecdsa384", ["-t", "ecdsa", "-b", "384"]],
      ["ecdsa521", ["-t", "ecdsa", "-b", "521"]],
    ] as const) {
      const file = made(name, [...args]);
      const ours = parsePrivateKey(readFileSync(file, "utf8"), file).key.export({ format: "jwk" });
      const pem = `${file}.pem`;
      writeFileSync(pem, readFileSync(file), { mode: 0o600 });
      // -p rewrites the file in the format -m names (the passphrase stays empty).
      keygen(["-q", "-p", "-N", "", "-m", "PEM", "-f", pem]);
      expect(readFileSync(pem, "utf8"), name).toMatch(/^-----BEGIN (RSA|EC) PRIVATE KEY-----/);
      const theirs = createPrivateKey(readFileSync(pem, "utf8")).export({ format: "jwk" });
      expect(ours, name).toStrictEqual(theirs);
    }
  });
});

describe("an Ed25519 signature", () => {
  it("is the text ssh-keygen -Y sign writes for the same key, message and namespace", async () => {
    const file = made("ed", ["-t", "ed25519"]);
    const priv = parsePrivateKey(readFileSync(file, "utf8"), file);
    const message = Buffer.from("the record's bytes\n");
    writeFileSync(join(dir, "m"), message);
    // 5 and 40 characters: a 40-character namespace makes the blob's base64 exactly four lines of 70.
    for (const namespace of ["golive", "n".repeat(40)]) {
      rmSync(join(dir, "m.sig"), { force: true }); // ssh-keygen does not overwrite it
      keygen(["-Y", "sign", "-n", namespace, "-f", file, join(dir, "m")]);
      const theirs = readFileSync(join(dir, "m.sig"), "utf8");
      expect(await signSshsig(message, keySigner(priv), namespace), namespace).toBe(theirs);
    }
    expect(readFileSync(join(dir, "m.sig"), "utf8").split("\n").slice(1, -2)).toHaveLength(4);
  });
});

describe("public keys", () => {
  it("a .pub line with more than one blank between its fields is read as ssh-keygen reads it", () => {
    const file = made("ed-line", ["-t", "ed25519"]);
    const [type, b64] = readFileSync(`${file}.pub`, "utf8").split(" ");
    const fingerprint = keygen(["-l", "-E", "sha256", "-f", `${file}.pub`]).split(" ")[1];
    for (const line of [`${type}  ${b64}  c`, `${type}\t ${b64}`])
      expect(parsePublicKeyLine(line).fingerprint, JSON.stringify(line)).toBe(fingerprint);
  });

  it("an ECDSA point one byte too long is refused as not a point, though it starts with 4", () => {
    const file = made("p256", ["-t", "ecdsa", "-b", "256"]);
    const blob = Buffer.from(readFileSync(`${file}.pub`, "utf8").split(" ")[1]!, "base64");
    const r = new SshReader(blob);
    r.string();
    r.string();
    const point = r.string();
    for (const q of [Buffer.concat([point, Buffer.from([0])]), point.subarray(0, -1)])
      expect(() =>
        publicKeyFromBlob(
          Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp256"), sshString(q)]),
        ),
      ).toThrow(/^an ECDSA point is not uncompressed$/);
  });
});

/**
 * An unencrypted openssh-key-v1 file whose private part holds `type` and then `fields` (wire-encoded
 * already), with the public key blob `pub`.
 */
function opensshFile(type: string, fields: Buffer[], pub = sshString(type)): string {
  const check = Buffer.from([1, 2, 3, 4]);
  const priv = Buffer.concat([check, check, sshString(type), ...fields, sshString("c")]);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    ...["none", "none", ""].map(sshString),
    Buffer.from([0, 0, 0, 1]),
    sshString(pub),
    sshString(priv),
  ]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString("base64")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error("not refused");
};

describe("a key golive does not sign with", () => {
  it("an OpenSSH file of another type, or of an unknown curve, says so", () => {
    expect(refusal(() => parsePrivateKey(opensshFile("ssh-dss", []), "k"))).toBe(
      'k: cannot read the private key: key type "ssh-dss" is not supported (ssh-ed25519, ssh-rsa, ecdsa-sha2-*)',
    );
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]);
    expect(
      refusal(() =>
        parsePrivateKey(
          opensshFile(
            "ecdsa-sha2-nistp999",
            [Buffer.from("nistp999"), point, Buffer.from([1])].map(sshString),
          ),
          "k",
        ),
      ),
    ).toBe("k: cannot read the private key: unsupported curve in a ecdsa-sha2-nistp999 key");
  });

  it("a PEM key of an Edwards or Montgomery curve other than Ed25519 is not read as an Ed25519 key", () => {
    const pems = [
      ["X25519", generateKeyPairSync("x25519").privateKey],
      ["Ed448", generateKeyPairSync("ed448").privateKey],
    ] as const;
    for (const [crv, key] of pems) {
      const pem = key.export({ type: "pkcs8", format: "pem" }) as string;
      expect(refusal(() => parsePrivateKey(pem, "k"))).toBe(
        `k is not a private key golive can read (a OKP ${crv} key is not an SSH key type golive signs with)`,
      );
    }
  });
});

describe("an RSA key in OpenSSH's format, written from a key Node made", () => {
  const b = (s?: string) => Buffer.from(s ?? "", "base64url");
  /** OpenSSH's fields for `jwk`: n, e, d, iqmp, p, q. */
  const rsaFile = (jwk: import("node:crypto").JsonWebKey) => {
    const part = (k: "n" | "e" | "d" | "qi" | "p" | "q") => sshMpint(b(jwk[k]));
    const pub = Buffer.concat([sshString("ssh-rsa"), sshMpint(b(jwk.e)), sshMpint(b(jwk.n))]);
    return opensshFile("ssh-rsa", [part("n"), part("e"), part("d"), part("qi"), part("p"), part("q")], pub);
  };

  it("gives back every component, dp and dq also when their hex has an odd number of digits", () => {
    let odd = 0;
    // About one key in eight has a dp or dq whose top hex digit is 0 (odd length once stripped).
    for (let tries = 0; odd < 1 && tries < 200; tries++) {
      const jwk = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "jwk" });
      const hexOdd = (v?: string) => b(v).toString("hex").replace(/^0/, "").length % 2 === 1;
      if (hexOdd(jwk.dp) || hexOdd(jwk.dq)) odd++;
      expect(parsePrivateKey(rsaFile(jwk), "k").key.export({ format: "jwk" })).toStrictEqual(jwk);
    }
    expect(odd).toBe(1);
  });
});
