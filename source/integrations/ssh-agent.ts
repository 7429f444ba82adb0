/**
 * ssh-agent's protocol over $SSH_AUTH_SOCK (draft-miller-ssh-agent): list the keys it holds and
 * ask it to sign. The private key never leaves the agent, which is how a passphrase-protected or
 * hardware-held key signs a record.
 */
import { connect } from "node:net";
import { ExitCode, UserError } from "../domain/errors.js";

const REQUEST_IDENTITIES = 11;
const IDENTITIES_ANSWER = 12;
const SIGN_REQUEST = 13;
const SIGN_RESPONSE = 14;
/** Asks an RSA key for rsa-sha2-512 rather than SHA-1 ssh-rsa (which SSHSIG refuses). */
export const AGENT_RSA_SHA2_512 = 4;

export interface AgentKey {
  blob: Buffer;
  comment: string;
}

function str(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/** One request, one answer (the agent answers in order; one connection per request keeps it simple). */
function ask(socket: string, type: number, body: Buffer, timeoutMs = 30_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let got = Buffer.alloc(0);
    const fail = (why: string) => {
      c.destroy();
      reject(
        new UserError(
          `ssh-agent at ${socket} ${why}`,
          ExitCode.usage,
          "start one (eval $(ssh-agent)) and add the key (ssh-add KEY), or pass --key with a private key file",
        ),
      );
    };
    c.setTimeout(timeoutMs, () =>
      fail(`did not answer in ${timeoutMs / 1000} s (waiting for a touch or a confirmation?)`),
    );
    c.on("error", (e: NodeJS.ErrnoException) => fail(`is unreachable (${e.code ?? e.message})`));
    c.on("data", (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 4 && got.length >= 4 + got.readUInt32BE(0)) {
        c.end();
        resolve(got.subarray(4, 4 + got.readUInt32BE(0)));
      }
    });
    c.on("end", () => {
      if (got.length < 4 || got.length < 4 + got.readUInt32BE(0)) fail("closed the connection mid-answer");
    });
    const msg = Buffer.concat([Buffer.from([type]), body]);
    c.write(str(msg));
  });
}

export function agentSocket(env: NodeJS.ProcessEnv): string {
  const s = env.SSH_AUTH_SOCK;
  if (!s)
    throw new UserError(
      "--key agent: SSH_AUTH_SOCK is not set, so there is no ssh-agent to sign with",
      ExitCode.usage,
      "start one (eval $(ssh-agent)) and add the key (ssh-add KEY), or pass --key with a private key file",
    );
  return s;
}

export async function agentKeys(socket: string): Promise<AgentKey[]> {
  const a = await ask(socket, REQUEST_IDENTITIES, Buffer.alloc(0));
  if (a[0] !== IDENTITIES_ANSWER)
    throw new UserError(`ssh-agent at ${socket} refused to list its keys`, ExitCode.usage);
  const keys: AgentKey[] = [];
  let p = 5;
  const take = () => {
    const n = a.readUInt32BE(p);
    const b = a.subarray(p + 4, p + 4 + n);
    p += 4 + n;
    return b;
  };
  for (let i = a.readUInt32BE(1); i > 0; i--) keys.push({ blob: take(), comment: take().toString("utf8") });
  return keys;
}

/** The agent's SSH signature blob (`string alg, string sig`) over data. */
export async function agentSign(socket: string, blob: Buffer, data: Buffer, flags: number): Promise<Buffer> {
  const flag = Buffer.alloc(4);
  flag.writeUInt32BE(flags);
  const a = await ask(socket, SIGN_REQUEST, Buffer.concat([str(blob), str(data), flag]));
  if (a[0] !== SIGN_RESPONSE)
    throw new UserError(
      `ssh-agent at ${socket} refused to sign (the key was removed, or a confirmation was declined)`,
      ExitCode.refused,
    );
  return a.subarray(5, 5 + a.readUInt32BE(1));
}
