/**
 * SSH keys as OpenSSH writes them, turned into Node crypto keys: the wire encoding (RFC 4251
 * strings and mpints), public key blobs (ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521) and
 * unencrypted `openssh-key-v1` private key files. Node reads PEM/PKCS#8 itself but not OpenSSH's own
 * private key format, which is what `ssh-keygen` writes by default.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { ExitCode, UserError } from "../domain/errors.js";

/** Reads RFC 4251 wire data; every read is bounds-checked (a signature is untrusted input). */
export class SshReader {
  constructor(
    private readonly buf: Buffer,
    public pos = 0,
  ) {}
  u32(): number {
    if (this.pos + 4 > this.buf.length) throw new Error("truncated (a length runs past the end)");
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    if (n > this.buf.length - this.pos) throw new Error("truncated (a field runs past the end)");
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  string(): Buffer {
    return this.bytes(this.u32());
  }
  text(): string {
    return this.string().toString("latin1");
  }
  /** An mpint as its unsigned big-endian magnitude (no leading zero bytes). */
  mpint(): Buffer {
    const b = this.string();
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.subarray(i);
  }
  get atEnd(): boolean {
    return this.pos === this.buf.length;
  }
}

export function sshString(v: Buffer | string): Buffer {
  const b = typeof v === "string" ? Buffer.from(v, "latin1") : v;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

export function sshMpint(magnitude: Buffer): Buffer {
  let i = 0;
  while (i < magnitude.length && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return sshString(m.length > 0 && m[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), m]) : m);
}

const b64u = (b: Buffer) => b.toString("base64url");

export const CURVES: Record<string, { crv: string; hash: string; size: number }> = {
  nistp256: { crv: "P-256", hash: "sha256", size: 32 },
  nistp384: { crv: "P-384", hash: "sha384", size: 48 },
  nistp521: { crv: "P-521", hash: "sha512", size: 66 },
};

export interface SshPublicKey {
  /** ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, … */
  type: string;
  blob: Buffer;
  key: KeyObject;
  /** `SHA256:…` as ssh-keygen -l prints it. */
  fingerprint: string;
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

/** A public key blob (as in authorized_keys, allowed_signers and a signature) as a Node key. */
export function publicKeyFromBlob(blob: Buffer): SshPublicKey {
  const r = new SshReader(blob);
  const type = r.text();
  let key: KeyObject;
  if (type === "ssh-ed25519") {
    const pk = r.string();
    if (pk.length !== 32) throw new Error("an ssh-ed25519 key is not 32 bytes");
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64u(pk) }, format: "jwk" });
  } else if (type === "ssh-rsa") {
    const e = r.mpint();
    const n = r.mpint();
    key = createPublicKey({ key: { kty: "RSA", n: b64u(n), e: b64u(e) }, format: "jwk" });
  } else if (type.startsWith("ecdsa-sha2-")) {
    const curve = CURVES[r.text()];
    if (!curve || `ecdsa-sha2-${Object.keys(CURVES).find((k) => CURVES[k] === curve)}` !== type)
      throw new Error(`unsupported ECDSA curve in a ${type} key`);
    key = createPublicKey({ key: ecJwk(curve, r.string()), format: "jwk" });
  } else {
    throw new Error(
      `key type ${JSON.stringify(type)} is not supported (ssh-ed25519, ssh-rsa and ecdsa-sha2-nistp256/384/521 are)`,
    );
  }
  if (!r.atEnd) throw new Error(`trailing bytes after the ${type} key`);
  return { type, blob, key, fingerprint: fingerprintOf(blob) };
}

function ecJwk(curve: { crv: string; size: number }, q: Buffer, d?: Buffer) {
  if (q.length !== 1 + 2 * curve.size || q[0] !== 4) throw new Error("an ECDSA point is not uncompressed");
  return {
    kty: "EC",
    crv: curve.crv,
    x: b64u(q.subarray(1, 1 + curve.size)),
    y: b64u(q.subarray(1 + curve.size)),
    ...(d ? { d: b64u(pad(d, curve.size)) } : {}),
  };
}

export function pad(b: Buffer, size: number): Buffer {
  if (b.length >= size) return b.subarray(b.length - size);
  return Buffer.concat([Buffer.alloc(size - b.length), b]);
}

/** `ssh-ed25519 AAAA… comment` (a .pub file or an allowed_signers key) → the key. */
export function parsePublicKeyLine(line: string): SshPublicKey {
  const [, b64] = line.trim().split(/\s+/);
  if (!b64) throw new Error("expected `TYPE BASE64 [comment]`");
  return publicKeyFromBlob(Buffer.from(b64, "base64"));
}

export interface SshPrivateKey {
  pub: SshPublicKey;
  key: KeyObject;
}

/**
 * A private key file: OpenSSH's own format (unencrypted; a passphrase-protected key is signed with
 * through ssh-agent), or PEM/PKCS#8, which Node reads itself.
 */
export function parsePrivateKey(text: string, shown: string): SshPrivateKey {
  const passphrase = () =>
    new UserError(
      `${shown} is protected by a passphrase, which golive does not ask for`,
      ExitCode.usage,
      `load it into ssh-agent (ssh-add ${shown}) and sign with --key agent (or --key ${shown}.pub)`,
    );
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!m) {
    if (/ENCRYPTED/.test(text)) throw passphrase();
    try {
      const key = createPrivateKey(text);
      return { key, pub: publicFromPrivate(key) };
    } catch (e) {
      throw new UserError(
        `${shown} is not a private key golive can read (${(e as Error).message})`,
        ExitCode.usage,
      );
    }
  }
  const raw = Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
  const magic = "openssh-key-v1\0";
  if (raw.subarray(0, magic.length).toString("latin1") !== magic)
    throw new UserError(`${shown}: not an openssh-key-v1 private key`, ExitCode.usage);
  try {
    const r = new SshReader(raw, magic.length);
    const cipher = r.text();
    r.text(); // kdf name
    r.string(); // kdf options
    if (cipher !== "none") throw passphrase();
    if (r.u32() !== 1) throw new Error("holds more than one key");
    const pubBlob = r.string();
    const p = new SshReader(r.string());
    const check = p.u32();
    if (check !== p.u32()) throw new Error("its check numbers differ (corrupt)");
    const type = p.text();
    let key: KeyObject;
    if (type === "ssh-ed25519") {
      const pk = p.string();
      const sk = p.string();
      key = createPrivateKey({
        key: { kty: "OKP", crv: "Ed25519", x: b64u(pk), d: b64u(sk.subarray(0, 32)) },
        format: "jwk",
      });
    } else if (type === "ssh-rsa") {
      const [n, e, d, qi, pp, q] = [p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint(), p.mpint()];
      const big = (b: Buffer) => BigInt(`0x${b.toString("hex") || "0"}`);
      const buf = (v: bigint) => {
        const h = v.toString(16);
        return Buffer.from(h.length % 2 ? `0${h}` : h, "hex");
      };
      const dp = buf(big(d) % (big(pp) - 1n));
      const dq = buf(big(d) % (big(q) - 1n));
      key = createPrivateKey({
        key: {
          kty: "RSA",
          n: b64u(n),
          e: b64u(e),
          d: b64u(d),
          p: b64u(pp),
          q: b64u(q),
          dp: b64u(dp),
          dq: b64u(dq),
          qi: b64u(qi),
        },
        format: "jwk",
      });
    } else if (type.startsWith("ecdsa-sha2-")) {
      const curve = CURVES[p.text()];
      if (!curve) throw new Error(`unsupported curve in a ${type} key`);
      const q = p.string();
      key = createPrivateKey({ key: ecJwk(curve, q, p.mpint()), format: "jwk" });
    } else {
      throw new Error(
        `key type ${JSON.stringify(type)} is not supported (ssh-ed25519, ssh-rsa, ecdsa-sha2-*)`,
      );
    }
    return { key, pub: publicKeyFromBlob(pubBlob) };
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${shown}: cannot read the private key: ${(e as Error).message}`, ExitCode.usage);
  }
}

/** The SSH public key blob of a Node private key (a PEM/PKCS#8 file has no OpenSSH blob of its own). */
function publicFromPrivate(key: KeyObject): SshPublicKey {
  const jwk = createPublicKey(key).export({ format: "jwk" });
  const from = (s?: string) => Buffer.from(s ?? "", "base64url");
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519")
    return publicKeyFromBlob(Buffer.concat([sshString("ssh-ed25519"), sshString(from(jwk.x))]));
  if (jwk.kty === "RSA")
    return publicKeyFromBlob(
      Buffer.concat([sshString("ssh-rsa"), sshMpint(from(jwk.e)), sshMpint(from(jwk.n))]),
    );
  const name = Object.keys(CURVES).find((k) => CURVES[k]!.crv === jwk.crv);
  if (jwk.kty === "EC" && name)
    return publicKeyFromBlob(
      Buffer.concat([
        sshString(`ecdsa-sha2-${name}`),
        sshString(name),
        sshString(Buffer.concat([Buffer.from([4]), from(jwk.x), from(jwk.y)])),
      ]),
    );
  throw new Error(`a ${jwk.kty} ${jwk.crv ?? ""} key is not an SSH key type golive signs with`);
}
