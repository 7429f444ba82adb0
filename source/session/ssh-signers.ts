/**
 * OpenSSH's allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"): which principals may sign
 * with which key, limited by `namespaces="…"`, `valid-after` and `valid-before`. golive reads it as
 * `ssh-keygen -Y verify`/`find-principals` do, so one file serves both.
 */
import { parsePublicKeyLine, type SshPublicKey } from "./ssh-keys.js";

export interface AllowedSigner {
  line: number;
  principals: string;
  namespaces?: string;
  validAfter?: number;
  validBefore?: number;
  certAuthority: boolean;
  key: SshPublicKey;
}

/** Splits on blanks outside double quotes (`namespaces="a,b"` is one token). */
function tokens(line: string): string[] {
  return line.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

/** YYYYMMDD[HHMM[SS]][Z] → epoch ms (local time unless Z, as ssh-keygen reads it). */
function sshTime(v: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z)?$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h = "0", mi = "0", s = "0"] = m.slice(1).map((x) => x ?? "0");
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  return m[7] ? Date.UTC(...parts) : new Date(...parts).getTime();
}

/** Every line, or the first problem as `FILE:LINE: …` (a mistyped file is never half-read). */
export function parseAllowedSigners(text: string, shown: string): AllowedSigner[] {
  const out: AllowedSigner[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const t = tokens(line);
    const where = `${shown}:${i + 1}`;
    const entry: Partial<AllowedSigner> = { line: i + 1, principals: t[0], certAuthority: false };
    let k = 1;
    if (t[1] && !/^(ssh-|ecdsa-|sk-)/.test(t[1])) {
      for (const opt of t[1].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
        const name = opt.split("=")[0]!.toLowerCase();
        const raw = opt.slice(opt.indexOf("=") + 1);
        const val = raw.replace(/^"|"$/g, "");
        if (name === "cert-authority") entry.certAuthority = true;
        else if (name === "namespaces") {
          // ssh-keygen refuses such a line; kept, `a""b` would silently grant no namespace at all.
          if (val.includes('"')) throw new Error(`${where}: namespaces=${raw} has a quote inside the list`);
          entry.namespaces = val;
        } else if (name === "valid-after" || name === "valid-before") {
          const ms = sshTime(val);
          if (ms === undefined) throw new Error(`${where}: ${name}="${val}" is not YYYYMMDD[HHMM[SS]][Z]`);
          entry[name === "valid-after" ? "validAfter" : "validBefore"] = ms;
        } else throw new Error(`${where}: unknown option ${JSON.stringify(name)}`);
      }
      k = 2;
    }
    try {
      entry.key = parsePublicKeyLine(t.slice(k).join(" "));
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    out.push(entry as AllowedSigner);
  });
  return out;
}

/** OpenSSH's pattern match: `*` and `?` wildcards; a comma list where a `!pattern` match vetoes. */
export function matchPatternList(name: string, list: string): boolean {
  let hit = false;
  for (const p of list.split(",")) {
    const neg = p.startsWith("!");
    const re = new RegExp(
      `^${(neg ? p.slice(1) : p)
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
    );
    if (re.test(name)) {
      if (neg) return false;
      hit = true;
    }
  }
  return hit;
}

/**
 * The lines that allow this key to sign in `namespace` at `now` (and, with `identity`, for that
 * principal), or why none does.
 */
export function allowedFor(
  signers: AllowedSigner[],
  key: SshPublicKey,
  namespace: string,
  now: number,
  identity?: string,
): { ok: true; principals: string[] } | { ok: false; problem: string } {
  const same = signers.filter((s) => !s.certAuthority && s.key.blob.equals(key.blob));
  if (same.length === 0)
    return { ok: false, problem: `the signing key ${key.fingerprint} is not in the allowed signers` };
  const inNs = same.filter((s) => !s.namespaces || matchPatternList(namespace, s.namespaces));
  if (inNs.length === 0)
    return {
      ok: false,
      problem: `the key ${key.fingerprint} is allowed, but not for namespace "${namespace}"`,
    };
  const inTime = inNs.filter((s) => (s.validAfter ?? -Infinity) <= now && now <= (s.validBefore ?? Infinity));
  if (inTime.length === 0)
    return {
      ok: false,
      problem: `the key ${key.fingerprint} is outside its valid-after/valid-before window`,
    };
  const who = identity ? inTime.filter((s) => matchPatternList(identity, s.principals)) : inTime;
  if (who.length === 0)
    return {
      ok: false,
      problem: `the key ${key.fingerprint} is not allowed for identity ${JSON.stringify(identity)}`,
    };
  return { ok: true, principals: identity ? [identity] : who.map((s) => s.principals) };
}
