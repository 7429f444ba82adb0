/**
 * `golive sign --key`: the JSON export, byte for byte as written (its exportedAt included), signed
 * in the SSH signature format with namespace "golive"; the signature is `<export>.sig` beside it,
 * where `ssh-keygen -Y sign` puts one and `ssh-keygen -Y verify -s` and `golive verify` look.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../domain/errors.js";
import { AGENT_RSA_SHA2_512, agentKeys, agentSign, agentSocket } from "../integrations/ssh-agent.js";
import {
  parsePrivateKey,
  parsePublicKeyLine,
  publicKeyFromBlob,
  type SshPublicKey,
} from "../session/ssh-keys.js";
import { keySigner, type SshSigner, signSshsig } from "../session/ssh-sig.js";
import type { Ctx } from "./context.js";
import { writeRecord } from "./export.js";

/** A signer and, for a key file, where it is: a later amendment is re-signed with the same file. */
export type KeySigner = SshSigner & { file?: string };

/**
 * `--key agent` (the agent's only key), `--key agent:SHA256:…` (one of several), `--key FILE.pub`
 * (that key, held by the agent) or `--key FILE` (an unencrypted private key file).
 */
export async function signerFor(ctx: Ctx, key: string): Promise<KeySigner> {
  if (key === "agent" || key.startsWith("agent:")) {
    const want = key.slice("agent:".length);
    return agentSigner(ctx, (k) => !want || k.fingerprint === want, key);
  }
  const file = resolve(ctx.cwd, key);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UserError(
      `--key ${key}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`,
      ExitCode.usage,
    );
  }
  if (/^\s*(ssh-|ecdsa-)\S+\s+AAAA/.test(text)) {
    let pub: SshPublicKey;
    try {
      pub = parsePublicKeyLine(text);
    } catch (e) {
      throw new UserError(`--key ${key}: ${(e as Error).message}`, ExitCode.usage);
    }
    return agentSigner(ctx, (k) => k.blob.equals(pub.blob), key);
  }
  return { ...keySigner(parsePrivateKey(text, key)), file };
}

async function agentSigner(ctx: Ctx, pick: (k: SshPublicKey) => boolean, asked: string): Promise<SshSigner> {
  const socket = agentSocket(ctx.env);
  const held: SshPublicKey[] = [];
  for (const k of await agentKeys(socket)) {
    try {
      held.push(publicKeyFromBlob(k.blob));
    } catch {
      // A key type golive cannot verify (a certificate, a FIDO key) is not offered.
    }
  }
  const fit = held.filter(pick);
  const listed = held.map((k) => `${k.type} ${k.fingerprint}`).join(", ") || "none golive can use";
  if (fit.length !== 1)
    throw new UserError(
      fit.length === 0
        ? `--key ${asked}: ssh-agent holds no such key (it holds: ${listed})`
        : `--key ${asked}: ssh-agent holds ${fit.length} keys (${listed}); say which`,
      ExitCode.usage,
      "pass --key agent:SHA256:… (a fingerprint above) or --key FILE.pub",
    );
  const pub = fit[0]!;
  return {
    pub,
    sign: (data) => agentSign(socket, pub.blob, data, pub.type === "ssh-rsa" ? AGENT_RSA_SHA2_512 : 0),
  };
}

/** Signs the file's bytes as written and puts `<file>.sig` beside it (atomically, replacing an older one). */
export async function signFile(file: string, signer: SshSigner): Promise<string> {
  const bytes = await readFile(file);
  const sig = await signSshsig(bytes, signer);
  await writeRecord(`${file}.sig`, sig, { force: true });
  return `${file}.sig`;
}
