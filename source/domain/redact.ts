/**
 * Secrets never reach a session, export or log, whichever way they arrive (the runbook itself,
 * command output, a typed note, a recorded value, `--by`, an error message). Every rule matches a
 * secret by its shape or by a secret word right before it, never an ordinary word on its own; the
 * corpus test (test/unit/redact-corpus.test.ts) holds both directions: real secret shapes go,
 * look-alikes (ports, paths, ARNs, `$VARIABLES`, blanks to fill) stay.
 */

import { HARMLESS_NAME, keep, redactNamed } from "./redact-named.js";
import { isPlaceholder, looksSecret, randomLooking, SECRET_WORD } from "./secret-looks.js";

type Rule = [RegExp, string | ((...m: string[]) => string)] | ((text: string) => string);

const RULES: Rule[] = [
  // Private key blocks keep their line count, so positions in a redacted runbook still match the file.
  [
    /-----BEGIN ((?:[A-Z]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    (block) => `[REDACTED:private-key]${"\n".repeat((block.match(/\n/g) ?? []).length)}`,
  ],
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g, "[REDACTED:aws-access-key-id]"],
  // Bearer/Basic/Digest credentials in an Authorization header (or copied from one).
  [
    /\b(authorization["']?\s*[:=]\s*["']?(?:bearer|basic|digest|token|bot|apikey)?\s*)([^\s"',;]{6,})/gi,
    (w, p, v) => keep(w, p, v, "token"),
  ],
  [/\b((?:bearer|basic)\s+)([A-Za-z0-9\-._~+/]{12,}=*)/gi, (w, p, v) => keep(w, p, v, "token")],
  // curl -u user:password, --user user:password, wget --password.
  [
    /(\b(?:curl|wget|http|https|xh)\b[^\n]*?\s(?:-u|--user|--proxy-user)[\s=]*["']?[\w.@%+-]*:)([^\s"']+)/g,
    (w, p, v) => keep(w, p, v, "password"),
  ],
  // --password=x, --password x, --pass x, --passwd x (not --password-stdin, not "$VAR").
  [
    /((?:^|\s)--(?:password|passwd|pass|db-password|token|api-key|secret|client-secret)(?:=|\s+))(["']?)([^\s"']+)\2/gi,
    (w, p, q, v) => keep(w, p, `${q}${v}${q}`, "password"),
  ],
  // mysql -pSecret (attached, the way the MySQL tools take it), sshpass -p x, redis-cli -a x.
  [
    /(\b(?:mysql\w*|mariadb\w*)\b[^\n]*?\s-p)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/g,
    (w, p, v) => keep(w, p, v, "password"),
  ],
  [/(\bsshpass\s+-p\s*)(["']?)([^\s"']+)\2/g, (w, p, q, v) => keep(w, p, `${q}${v}${q}`, "password")],
  [
    /(\bredis-cli\b[^\n]*?\s-a\s+)(["']?)([^\s"']+)\2/g,
    (w, p, q, v) => keep(w, p, `${q}${v}${q}`, "password"),
  ],
  // scheme://user:password@host
  [
    /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^@\s/]+)@/gi,
    (w, p, v) => (isPlaceholder(v) ? w : `${p}[REDACTED:password]@`),
  ],
  // NAME=value / NAME="a b" / NAME: value for secret-looking names (environment, YAML, JSON).
  redactNamed,
  // "the db password is hunter2", "secret was Summer2024!", "token of abc123…".
  [
    new RegExp(String.raw`(\b${SECRET_WORD}\s+(?:is|was|=|of|:)\s+)(["']?)([^\s"',;:]+)\2`, "gi"),
    (w, p, _q, v) => (looksSecret(v!) && !isPlaceholder(v!) ? `${p}[REDACTED:password]` : w),
  ],
  // A long random-looking token within a few words after a secret word.
  [
    new RegExp(String.raw`(\b${SECRET_WORD}\b(?:\s+\S+){0,3}?\s+)([A-Za-z0-9+/_\-.=]{16,})`, "gi"),
    (w, p, v) => (randomLooking(v!) ? `${p}[REDACTED:token]` : w),
  ],
  // A bare AWS secret access key: 40 base64 characters with both cases (git SHAs are lower-case hex).
  [
    /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    "[REDACTED:aws-secret-access-key]",
  ],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, "[REDACTED:token]"],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}\b/g, "[REDACTED:token]"],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, "[REDACTED:token]"],
  [/\bxox[abprse]-[A-Za-z0-9-]{10,}\b/g, "[REDACTED:token]"],
  [/\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}\b/g, "[REDACTED:token]"],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, "[REDACTED:token]"],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, "[REDACTED:token]"],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g, "[REDACTED:token]"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, "[REDACTED:jwt]"],
];

/** Secret-named variables in golive's environment with values long and odd enough to be secrets. */
const ENV_SECRET_NAME =
  /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_KEY|AUTH/i;
/** Values shorter than this are too likely to be ordinary words ("sandbox", "true") to redact. */
const MIN_SECRET_VALUE = 8;
let envSecrets: string[] = [];

/**
 * Values of secret-named variables in golive's own environment: a secret with no recognisable shape
 * (a database password) is still caught when it turns up in output, a note or an error. A value
 * with blanks in it, or one that is a plain word, is not taken: replacing it everywhere garbled
 * ordinary messages ("no [REDACTED:password] such session").
 */
export function secretValuesOf(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(
      ([k, v]) =>
        ENV_SECRET_NAME.test(k) &&
        !HARMLESS_NAME.test(k) &&
        typeof v === "string" &&
        v.length >= MIN_SECRET_VALUE &&
        !/\s/.test(v) &&
        !/^[a-z]+$/i.test(v) &&
        !isPlaceholder(v),
    )
    .map(([, v]) => v as string)
    .sort((a, b) => b.length - a.length);
}

/** Set once by the composition root from golive's environment (the domain reads no environment). */
export function redactEnvironmentSecrets(env: Record<string, string | undefined>): void {
  envSecrets = secretValuesOf(env);
}

/** Texts the build ran the rules over and found nothing in (a shipped checklist, runbook/shipped.ts). */
const untouchedByRules = new Set<string>();

/**
 * This exact text is one the rules leave as it is, as this very build found (`redactByRules(text) ===
 * text`): redact then skips the rules for it (~4 ms of the demo's start for deployment.md) and still
 * takes out the environment's secret values, which the build could not know.
 */
export function rulesLeaveAlone(text: string): void {
  untouchedByRules.add(text);
}

/** The shape and secret-word rules alone, without the environment's secret values. */
export function redactByRules(text: string): string {
  let out = text;
  for (const r of RULES)
    out = typeof r === "function" ? r(out) : out.replace(r[0], r[1] as (...m: string[]) => string);
  return out;
}

export function redact(text: string): string {
  let out = text;
  for (const v of envSecrets) if (out.includes(v)) out = out.split(v).join("[REDACTED:env-secret]");
  if (out === text && untouchedByRules.has(text)) return text;
  return redactByRules(out);
}

/** True when `text` holds something `redact` would take out. */
export function hasSecret(text: string): boolean {
  return redact(text) !== text;
}

/** Redacts every string inside a JSON-like value; Dates and other class instances pass unchanged. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
