/**
 * ssh-keys.ts and ssh-sig.ts against OpenSSH itself: keys ssh-keygen writes (each type golive signs
 * with, in OpenSSH's own format and as PEM) read into the same public key and fingerprint
 * ssh-keygen gives; a signature golive makes checked by `ssh-keygen -Y check-novalidate`, one
 * ssh-keygen makes checked by golive; and each damaged key or signature refused in its words.
 * ssh-keygen runs a few times per file (milliseconds each).
 */
import { execFileSync } from "node:child_process";
import { createHash, sign as cryptoSign, generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ExitCode, UserError } from "../../source/domain/errors.js";
import {
  pad,
  parsePrivateKey,
  parsePublicKeyLine,
  publicKeyFromBlob,
  type SshPrivateKey,
  SshReader,
  sshMpint,
  sshString,
} from "../../source/session/ssh-keys.js";
import { keySigner, parseSshsig, signSshsig, sshsigProblem } from "../../source/session/ssh-sig.js";
import { tempDir } from "../helpers/paths.js";

const TYPES = [
  ["ed25519", []],
  ["rsa", ["-b", "1024"]],
  ["ecdsa", ["-b", "256"]],
  ["ecdsa", ["-b", "384"]],
  ["ecdsa", ["-b", "521"]],
] as const;

const keygen = (args: string[], input?: string) =>
  execFileSync("ssh-keygen", args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

interface Made {
  name: string;
  file: string;
  pubLine: string;
  fingerprint: string;
}
let dir = "";
let keys: Made[] = [];
const message = Buffer.from("the record's bytes\n");

beforeAll(() => {
  dir = tempDir("ssh-keys-");
  keys = TYPES.map(([t, extra]) => {
    const file = join(dir, `${t}${extra[1] ?? ""}`);
    keygen(["-q", "-t", t, ...extra, "-N", "", "-C", "c", "-f", file]);
    const fingerprint = keygen(["-l", "-E", "sha256", "-f", `${file}.pub`]).split(" ")[1]!;
    return { name: `${t}${extra[1] ?? ""}`, file, pubLine: readFileSync(`${file}.pub`, "utf8"), fingerprint };
  });
});

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("not refused");
};

describe("keys as ssh-keygen writes them", () => {
  it("OpenSSH's private key format and the .pub line give ssh-keygen's own key and fingerprint", () => {
    for (const k of keys) {
      const priv = parsePrivateKey(readFileSync(k.file, "utf8"), k.file);
      const pub = parsePublicKeyLine(k.pubLine);
      expect(priv.pub.fingerprint, k.name).toBe(k.fingerprint);
      expect(pub.fingerprint, k.name).toBe(k.fingerprint);
      expect(pub.type, k.name).toBe(k.pubLine.split(" ")[0]);
      expect(priv.pub.blob.equals(pub.blob), k.name).toBe(true);
      expect(priv.key.type, k.name).toBe("private");
    }
  });

  it("a PEM / PKCS#8 key (Node's own) gives the public key ssh-keygen derives from it", () => {
    // ssh-keygen derives RSA and ECDSA keys from PEM; an ed25519 blob is its 32 bytes.
    const ed = generateKeyPairSync("ed25519");
    const x = Buffer.from(ed.publicKey.export({ format: "jwk" }).x!, "base64url");
    const edPem = ed.privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    expect(parsePrivateKey(edPem, "ed").pub.blob).toEqual(
      Buffer.concat([sshString("ssh-ed25519"), sshString(x)]),
    );
    const pems = [
      generateKeyPairSync("rsa", { modulusLength: 1024 }),
      generateKeyPairSync("ec", { namedCurve: "P-256" }),
      generateKeyPairSync("ec", { namedCurve: "P-384" }),
      generateKeyPairSync("ec", { namedCurve: "P-521" }),
    ].map((p) => p.privateKey.export({ format: "pem", type: "pkcs8" }) as string);
    for (const [i, pem] of pems.entries()) {
      const file = join(dir, `pem${i}`);
      writeFileSync(file, pem, { mode: 0o600 });
      const line = keygen(["-y", "-f", file]);
      expect(parsePrivateKey(pem, file).pub.blob.toString("base64"), String(i)).toBe(
        line.split(" ")[1]!.trim(),
      );
    }
    // A curve SSH has no name for.
    const k = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).privateKey.export({
      format: "pem",
      type: "pkcs8",
    });
    expect(() => parsePrivateKey(k as string, "k")).toThrow(
      "a EC secp256k1 key is not an SSH key type golive signs with",
    );
  });

  it("a passphrase-protected key: use ssh-agent", () => {
    const file = join(dir, "locked");
    keygen(["-q", "-t", "ed25519", "-N", "secret", "-f", file]);
    for (const text of [
      readFileSync(file, "utf8"),
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
    ]) {
      const e = refusal(() => parsePrivateKey(text, "~/.ssh/k")) as UserError;
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toBe("~/.ssh/k is protected by a passphrase, which golive does not ask for");
      expect(e.exitCode).toBe(ExitCode.usage);
      expect(e.hint).toBe(
        "load it into ssh-agent (ssh-add ~/.ssh/k) and sign with --key agent (or --key ~/.ssh/k.pub)",
      );
    }
  });

  it("a damaged private key file says what is wrong with it", () => {
    const text = readFileSync(keys[0]!.file, "utf8");
    const body = Buffer.from(text.split("\n").slice(1, -2).join(""), "base64");
    const armored = (b: Buffer) =>
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${b.toString("base64")}\n-----END OPENSSH PRIVATE KEY-----\n`;
    const said = (t: string) => {
      const e = refusal(() => parsePrivateKey(t, "k")) as UserError;
      expect(e.exitCode).toBe(ExitCode.usage);
      return e.message;
    };
    expect(said(armored(Buffer.concat([Buffer.from("openssh-key-v2\0"), body.subarray(15)])))).toBe(
      "k: not an openssh-key-v1 private key",
    );
    expect(said(armored(body.subarray(0, body.length - 40)))).toMatch(
      /^k: cannot read the private key: truncated/,
    );
    // The key count: right after magic, cipher, kdf and kdf options.
    const r = new SshReader(body, 15);
    r.string();
    r.string();
    r.string();
    const two = Buffer.from(body);
    two.writeUInt32BE(2, r.pos);
    expect(said(armored(two))).toBe("k: cannot read the private key: holds more than one key");
    r.u32();
    r.string();
    const inner = r.pos + 4;
    const check = Buffer.from(body);
    check.writeUInt32BE((check.readUInt32BE(inner) ^ 1) >>> 0, inner);
    expect(said(armored(check))).toBe("k: cannot read the private key: its check numbers differ (corrupt)");
    expect(said("not a key")).toMatch(/^k is not a private key golive can read \(.+\)$/);
  });
});

describe("wire encoding", () => {
  it("reads each field to the last byte, and mpints without their leading zeros", () => {
    const r = new SshReader(Buffer.from([0, 0, 0, 3, 0, 0, 0x81, 0, 0, 0, 7]));
    expect(r.mpint()).toEqual(Buffer.from([0x81]));
    expect(r.atEnd).toBe(false);
    expect(r.u32()).toBe(7);
    expect(r.atEnd).toBe(true);
    expect(new SshReader(Buffer.from([0, 0, 0, 2, 0, 0])).mpint()).toEqual(Buffer.alloc(0));
    expect(new SshReader(Buffer.from([0, 0, 0, 2, 0x61, 0x62])).text()).toBe("ab");
  });

  it("writes an mpint minimal, with a zero byte before a set top bit", () => {
    expect(sshMpint(Buffer.from([0, 0, 0x80, 1]))).toEqual(Buffer.from([0, 0, 0, 3, 0, 0x80, 1]));
    expect(sshMpint(Buffer.from([0, 0x7f]))).toEqual(Buffer.from([0, 0, 0, 1, 0x7f]));
    expect(sshMpint(Buffer.from([0, 0]))).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(sshMpint(Buffer.alloc(0))).toEqual(Buffer.from([0, 0, 0, 0]));
    expect(pad(Buffer.from([1, 2, 3]), 2)).toEqual(Buffer.from([2, 3]));
    expect(pad(Buffer.from([1]), 3)).toEqual(Buffer.from([0, 0, 1]));
    expect(pad(Buffer.from([1, 2]), 2)).toEqual(Buffer.from([1, 2]));
  });
});

describe("public key blobs", () => {
  const ed = () => Buffer.from(keys[0]!.pubLine.split(" ")[1]!, "base64");
  it("refuses what is not a key golive checks", () => {
    const said = (b: Buffer) => refusal(() => publicKeyFromBlob(b)).message;
    expect(said(Buffer.concat([sshString("ssh-ed25519"), sshString(Buffer.alloc(31))]))).toBe(
      "an ssh-ed25519 key is not 32 bytes",
    );
    expect(said(Buffer.concat([ed(), Buffer.from([0])]))).toBe("trailing bytes after the ssh-ed25519 key");
    expect(said(sshString("ssh-dss"))).toBe(
      'key type "ssh-dss" is not supported (ssh-ed25519, ssh-rsa and ecdsa-sha2-nistp256/384/521 are)',
    );
    const p256 = Buffer.from(keys[2]!.pubLine.split(" ")[1]!, "base64");
    const q = new SshReader(p256);
    q.string();
    q.string();
    const point = q.string();
    expect(
      said(Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp384"), sshString(point)])),
    ).toBe("unsupported ECDSA curve in a ecdsa-sha2-nistp256 key");
    expect(said(Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("p256"), sshString(point)]))).toBe(
      "unsupported ECDSA curve in a ecdsa-sha2-nistp256 key",
    );
    const compressed = Buffer.from(point);
    compressed[0] = 2;
    expect(
      said(Buffer.concat([sshString("ecdsa-sha2-nistp256"), sshString("nistp256"), sshString(compressed)])),
    ).toBe("an ECDSA point is not uncompressed");
    expect(
      said(
        Buffer.concat([
          sshString("ecdsa-sha2-nistp256"),
          sshString("nistp256"),
          sshString(point.subarray(1)),
        ]),
      ),
    ).toBe("an ECDSA point is not uncompressed");
    expect(said(Buffer.from([0, 0, 0]))).toBe("truncated (a length runs past the end)");
    expect(said(Buffer.from([0, 0, 0, 9, 1]))).toBe("truncated (a field runs past the end)");
    expect(() => parsePublicKeyLine("ssh-ed25519")).toThrow("expected `TYPE BASE64 [comment]`");
    expect(parsePublicKeyLine(`  ${keys[0]!.pubLine}  `).fingerprint).toBe(keys[0]!.fingerprint);
  });
});

describe("SSH signatures", () => {
  const privs = () =>
    keys.map((k) => [k, parsePrivateKey(readFileSync(k.file, "utf8"), k.file)] as [Made, SshPrivateKey]);

  it("golive's are ssh-keygen's: each checks the other's, for every key type", async () => {
    for (const [k, priv] of privs()) {
      const armored = await signSshsig(message, keySigner(priv));
      const sigFile = join(dir, `${k.name}.sig`);
      writeFileSync(sigFile, armored);
      expect(
        keygen(["-Y", "check-novalidate", "-n", "golive", "-s", sigFile], message.toString()),
        k.name,
      ).toContain("Good");
      const parsed = parseSshsig(armored);
      expect([parsed.namespace, parsed.hash, parsed.pub.fingerprint]).toEqual([
        "golive",
        "sha512",
        k.fingerprint,
      ]);
      expect(sshsigProblem(message, parsed), k.name).toBeUndefined();
      expect(sshsigProblem(Buffer.from("other bytes"), parsed), k.name).toBe(
        "the signature does not match these bytes (the file changed after it was signed, or another file was signed)",
      );
      const msgFile = join(dir, `${k.name}.msg`);
      writeFileSync(msgFile, message);
      keygen(["-Y", "sign", "-n", "golive", "-f", k.file, msgFile]);
      const theirs = parseSshsig(readFileSync(`${msgFile}.sig`, "utf8"));
      expect(sshsigProblem(message, theirs), k.name).toBeUndefined();
      expect(sshsigProblem(message, theirs, "git"), k.name).toBe(
        'the signature is for namespace "golive", not "git"',
      );
    }
  });

  it("wraps its base64 at 70 columns between the armour lines", async () => {
    const [, priv] = privs()[1]!;
    const lines = (await signSshsig(message, keySigner(priv), "file")).split("\n");
    expect(lines[0]).toBe("-----BEGIN SSH SIGNATURE-----");
    expect(lines.at(-2)).toBe("-----END SSH SIGNATURE-----");
    expect(lines.at(-1)).toBe("");
    expect(lines.slice(1, -3).every((l) => l.length === 70)).toBe(true);
    expect(lines.at(-3)!.length).toBeLessThanOrEqual(70);
  });

  it("refuses a signature block that is not one, in its words", async () => {
    const [, priv] = privs()[0]!;
    const armored = await signSshsig(message, keySigner(priv));
    const blob = Buffer.from(armored.split("\n").slice(1, -2).join(""), "base64");
    const arm = (b: Buffer) =>
      `-----BEGIN SSH SIGNATURE-----\n${b.toString("base64")}\n-----END SSH SIGNATURE-----\n`;
    const said = (t: string) => refusal(() => parseSshsig(t)).message;
    expect(said("nothing")).toBe("not an SSH signature (no -----BEGIN SSH SIGNATURE----- block)");
    expect(said(arm(Buffer.concat([Buffer.from("SSHSIX"), blob.subarray(6)])))).toBe(
      "not an SSH signature (no SSHSIG preamble)",
    );
    const v2 = Buffer.from(blob);
    v2.writeUInt32BE(2, 6);
    expect(said(arm(v2))).toBe("SSH signature version 2 is not supported (1 is)");
    expect(said(arm(Buffer.concat([blob, Buffer.from([0])])))).toBe("trailing bytes after the SSH signature");
    const cert = Buffer.concat([
      blob.subarray(0, 10),
      sshString(sshString("ssh-ed25519-cert-v01@openssh.com")),
    ]);
    expect(said(arm(cert))).toBe(
      "signed with an SSH certificate, which golive does not check natively: use ssh-keygen -Y verify",
    );
    // Armour with the base64 wrapped and indented still reads.
    expect(parseSshsig(armored.replace(/\n/g, "\n  ")).namespace).toBe("golive");
  });

  it("checks the hash named, the algorithm against the key, and the signature's own layout", async () => {
    const all = privs();
    const [, ed] = all[0]!;
    const [, rsa] = all[1]!;
    const parsed = parseSshsig(await signSshsig(message, keySigner(ed)));
    expect(sshsigProblem(message, { ...parsed, hash: "md5" })).toBe(
      'the signature hashes with "md5" (sha256 or sha512 expected)',
    );
    expect(sshsigProblem(message, { ...parsed, hash: "sha256" })).toBe(
      "the signature does not match these bytes (the file changed after it was signed, or another file was signed)",
    );
    const inner = new SshReader(parsed.signature);
    inner.string();
    const raw = inner.string();
    expect(
      sshsigProblem(message, { ...parsed, signature: Buffer.concat([sshString("ssh-rsa"), sshString(raw)]) }),
    ).toBe('a ssh-ed25519 key cannot make a "ssh-rsa" signature (ssh-rsa\'s SHA-1 is refused)');
    // An RSA algorithm name on an ed25519 key: refused for the pair, not tried.
    expect(
      sshsigProblem(message, {
        ...parsed,
        signature: Buffer.concat([sshString("rsa-sha2-512"), sshString(raw)]),
      }),
    ).toBe('a ssh-ed25519 key cannot make a "rsa-sha2-512" signature (ssh-rsa\'s SHA-1 is refused)');
    expect(sshsigProblem(message, { ...parsed, signature: Buffer.from([0, 0, 0, 40]) })).toBe(
      "the signature is malformed (truncated (a field runs past the end))",
    );
    // RSA: rsa-sha2-256 is taken as ssh-keygen -Y verify takes it; ssh-rsa (SHA-1) never.
    const r = parseSshsig(await signSshsig(message, keySigner(rsa)));
    const rsaRaw = new SshReader(r.signature);
    expect(rsaRaw.text()).toBe("rsa-sha2-512");
    const as256 = { ...r, signature: Buffer.concat([sshString("rsa-sha2-256"), sshString(rsaRaw.string())]) };
    expect(sshsigProblem(message, as256)).toBe(
      "the signature does not match these bytes (the file changed after it was signed, or another file was signed)",
    );
    // PROTOCOL.sshsig's signed data, signed with SHA-256 as an rsa-sha2-256 signer would.
    const signed = Buffer.concat([
      Buffer.from("SSHSIG"),
      sshString("golive"),
      sshString(""),
      sshString("sha512"),
      sshString(createHash("sha512").update(message).digest()),
    ]);
    const good256 = Buffer.concat([
      sshString("rsa-sha2-256"),
      sshString(cryptoSign("sha256", signed, rsa.key)),
    ]);
    expect(sshsigProblem(message, { ...r, signature: good256 })).toBeUndefined();
    expect(
      sshsigProblem(message, {
        ...r,
        signature: Buffer.concat([sshString("ssh-rsa"), sshString(Buffer.alloc(4))]),
      }),
    ).toBe('a ssh-rsa key cannot make a "ssh-rsa" signature (ssh-rsa\'s SHA-1 is refused)');
    // An ECDSA signature made by another curve's key name.
    const [, p256] = all[2]!;
    const e = parseSshsig(await signSshsig(message, keySigner(p256)));
    const eInner = new SshReader(e.signature);
    eInner.string();
    expect(
      sshsigProblem(message, {
        ...e,
        signature: Buffer.concat([sshString("ecdsa-sha2-nistp384"), eInner.string()]),
      }),
    ).toBe(
      'a ecdsa-sha2-nistp256 key cannot make a "ecdsa-sha2-nistp384" signature (ssh-rsa\'s SHA-1 is refused)',
    );
  });
});
