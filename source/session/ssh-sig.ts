/**
 * The SSH signature format (OpenSSH's PROTOCOL.sshsig), so a record golive signs is checked by
 * `ssh-keygen -Y verify -n golive` with the keys teams already hold, and golive checks one made by
 * `ssh-keygen -Y sign -n golive`. What is signed is H(message) inside a preamble that names the
 * namespace, so a signature made for another purpose (git commits, file signing) never verifies as
 * a golive record.
 */
import { createHash, sign as cryptoSign, verify as cryptoVerify } from "node:crypto";
import {
  CURVES,
  pad,
  publicKeyFromBlob,
  type SshPrivateKey,
  type SshPublicKey,
  SshReader,
  sshMpint,
  sshString,
} from "./ssh-keys.js";

export const SIG_NAMESPACE = "golive";
const MAGIC = Buffer.from("SSHSIG", "latin1");
const BEGIN = "-----BEGIN SSH SIGNATURE-----";
const END = "-----END SSH SIGNATURE-----";

/** Makes the inner SSH signature blob (`string alg, string sig`) over data: a key file or ssh-agent. */
export interface SshSigner {
  pub: SshPublicKey;
  sign(data: Buffer): Promise<Buffer>;
}

/** What is signed: the preamble, the namespace and the hash of the message (never the message). */
function signedData(namespace: string, hash: string, message: Buffer): Buffer {
  return Buffer.concat([
    MAGIC,
    sshString(namespace),
    sshString(""),
    sshString(hash),
    sshString(createHash(hash).update(message).digest()),
  ]);
}

/** Signs with a private key as OpenSSH does: ed25519; rsa-sha2-512 for RSA; ECDSA with its curve's hash. */
export function keySigner(k: SshPrivateKey): SshSigner {
  return {
    pub: k.pub,
    async sign(data) {
      const t = k.pub.type;
      if (t === "ssh-ed25519") return Buffer.concat([sshString(t), sshString(cryptoSign(null, data, k.key))]);
      if (t === "ssh-rsa")
        return Buffer.concat([sshString("rsa-sha2-512"), sshString(cryptoSign("sha512", data, k.key))]);
      const curve = CURVES[t.replace("ecdsa-sha2-", "")]!;
      const rs = cryptoSign(curve.hash, data, { key: k.key, dsaEncoding: "ieee-p1363" });
      const inner = Buffer.concat([sshMpint(rs.subarray(0, curve.size)), sshMpint(rs.subarray(curve.size))]);
      return Buffer.concat([sshString(t), sshString(inner)]);
    },
  };
}

/** The armored signature ssh-keygen -Y sign writes (`FILE.sig`). */
export async function signSshsig(
  message: Buffer,
  signer: SshSigner,
  namespace = SIG_NAMESPACE,
): Promise<string> {
  const hash = "sha512";
  const sig = await signer.sign(signedData(namespace, hash, message));
  const ver = Buffer.alloc(4);
  ver.writeUInt32BE(1);
  const blob = Buffer.concat([
    MAGIC,
    ver,
    sshString(signer.pub.blob),
    sshString(namespace),
    sshString(""),
    sshString(hash),
    sshString(sig),
  ]);
  const b64 = blob.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `${BEGIN}\n${lines.join("\n")}\n${END}\n`;
}

export interface ParsedSig {
  pub: SshPublicKey;
  namespace: string;
  hash: string;
  signature: Buffer;
}

/** Reads an armored SSH signature; throws a one-line reason when it is not one. */
export function parseSshsig(armored: string): ParsedSig {
  const m = new RegExp(`${BEGIN}([\\s\\S]*?)${END}`).exec(armored);
  if (!m) throw new Error(`not an SSH signature (no ${BEGIN} block)`);
  const blob = Buffer.from(m[1]!.replace(/\s+/g, ""), "base64");
  const r = new SshReader(blob);
  if (!r.bytes(6).equals(MAGIC)) throw new Error("not an SSH signature (no SSHSIG preamble)");
  const version = r.u32();
  if (version !== 1) throw new Error(`SSH signature version ${version} is not supported (1 is)`);
  const pubBlob = r.string();
  if (/-cert-v01@openssh\.com$/.test(new SshReader(pubBlob).text()))
    throw new Error(
      "signed with an SSH certificate, which golive does not check natively: use ssh-keygen -Y verify",
    );
  const pub = publicKeyFromBlob(pubBlob);
  const namespace = r.text();
  r.string(); // reserved
  const hash = r.text();
  const signature = r.string();
  if (!r.atEnd) throw new Error("trailing bytes after the SSH signature");
  return { pub, namespace, hash, signature };
}

/**
 * Whether `sig` is a valid signature of `message` in `namespace`: the reason when not. Which keys
 * may sign is allowed_signers' business (ssh-signers.ts), not this function's.
 */
export function sshsigProblem(
  message: Buffer,
  sig: ParsedSig,
  namespace = SIG_NAMESPACE,
): string | undefined {
  if (sig.namespace !== namespace)
    return `the signature is for namespace ${JSON.stringify(sig.namespace)}, not ${JSON.stringify(namespace)}`;
  if (sig.hash !== "sha256" && sig.hash !== "sha512")
    return `the signature hashes with ${JSON.stringify(sig.hash)} (sha256 or sha512 expected)`;
  const data = signedData(namespace, sig.hash, message);
  const r = new SshReader(sig.signature);
  let ok: boolean;
  try {
    const alg = r.text();
    const raw = r.string();
    const t = sig.pub.type;
    if (t === "ssh-ed25519" && alg === t) ok = cryptoVerify(null, data, sig.pub.key, raw);
    else if (t === "ssh-rsa" && (alg === "rsa-sha2-512" || alg === "rsa-sha2-256"))
      ok = cryptoVerify(alg === "rsa-sha2-512" ? "sha512" : "sha256", data, sig.pub.key, raw);
    else if (t.startsWith("ecdsa-sha2-") && alg === t) {
      const curve = CURVES[t.replace("ecdsa-sha2-", "")]!;
      const rs = new SshReader(raw);
      const p1363 = Buffer.concat([pad(rs.mpint(), curve.size), pad(rs.mpint(), curve.size)]);
      ok = cryptoVerify(curve.hash, data, { key: sig.pub.key, dsaEncoding: "ieee-p1363" }, p1363);
    } else return `a ${t} key cannot make a ${JSON.stringify(alg)} signature (ssh-rsa's SHA-1 is refused)`;
  } catch (e) {
    return `the signature is malformed (${(e as Error).message})`;
  }
  return ok
    ? undefined
    : "the signature does not match these bytes (the file changed after it was signed, or another file was signed)";
}
