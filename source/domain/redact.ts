/**
 * Secrets never reach a session, export or log, whichever way they arrive (the runbook itself,
 * command output, a typed note, a recorded value, `--by`, an error message). Every rule matches a
 * secret by its shape or by a secret word right before it, never an ordinary word on its own; the
 * corpus test (test/unit/redact-corpus.test.ts) holds both directions: real secret shapes go,
 * look-alikes (ports, paths, ARNs, `$VARIABLES`, blanks to fill) stay.
 */

type Rule = [RegExp, string | ((...m: string[]) => string)] | ((text: string) => string);

/** Words that say "a secret follows". */
const SECRET_WORD =
  "(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_ -]?key|private[_ -]?key|credentials?|auth[_ -]?token|access[_ -]?key|client[_ -]?secret|pin)";

/**
 * A value that only stands for a secret (a blank to fill, a variable, a vault lookup, an earlier
 * redaction): redacting it hides nothing and would garble the runbook (a blank is a field).
 */
export function isPlaceholder(v: string): boolean {
  const s = v.replace(/^["']|["']$/g, "");
  return (
    s === "" ||
    /^(?:_{2,}|\*+|x{3,}|X{3,}|\.{3,}|…|-+|<[^<>]*>|\{\{[^}]*\}\}|\[REDACTED[^\]]*\]?|\(.*\)?)$/.test(s) ||
    /^\$(?:\{[^}]*\}?|\w+|\(.*)/.test(s) ||
    /^(?:true|false|yes|no|none|null|required|optional|redacted|unset|empty|n\/a)$/i.test(s)
  );
}

/** Looks made up rather than a word: has a digit or a symbol, or upper case after the first letter. */
function looksSecret(v: string): boolean {
  return v.length >= 4 && (/[\d\W_]/.test(v) || /.[A-Z]/.test(v));
}

/** Shannon entropy per character: random tokens are above ~3.5, words and ids well below. */
function entropy(s: string): number {
  const n = new Map<string, number>();
  for (const c of s) n.set(c, (n.get(c) ?? 0) + 1);
  let h = 0;
  for (const k of n.values()) h -= (k / s.length) * Math.log2(k / s.length);
  return h;
}

/** Mixed case and digits with high entropy, or a long hex/UUID string: not a word, path or id. */
function randomLooking(v: string): boolean {
  if (/^[0-9a-f-]{32,}$/i.test(v) && /\d/.test(v)) return true;
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v) && entropy(v) >= 3.5;
}

const keep = (whole: string, prefix: string, value: string, label: string) =>
  isPlaceholder(value) ? whole : `${prefix}[REDACTED:${label}]`;

/** A whole value after `=`, quoted ("a b") or not. */
const VALUE = String.raw`("[^"\n]*"|'[^'\n]*'|[^\s"'\`;&|,)]+)`;

/** Names that are secret-looking but hold no secret (where the secret is, how long it lives). */
const HARMLESS_NAME =
  /(?:_|^)(?:FILE|PATH|ARN|URL|URI|TTL|LEN|LENGTH|MIN_LENGTH|NAME|ENDPOINT|HOST|PORT|DIR|EXPIRY|EXPIRES|TIMEOUT|TYPE|HEADER|ENABLED|REGION|VERSION|ID|ROTATION|POLICY|COUNT|SIZE|MODE|KIND|FORMAT|LOCATION|STDIN)$/i;
const SECRET_NAME =
  /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE_?KEY|CREDENTIAL|API_?KEY|ACCESS_?KEY|AUTH|_PW$|^PW$|_PASS$/i;

const NAMED = new RegExp(String.raw`(\b([A-Za-z][A-Za-z0-9_.-]*)["']?\s*(?:=|:(?!//))\s*)${VALUE}`, "g");

function namedValue(w: string, p: string, name: string, v: string): string {
  if (!SECRET_NAME.test(name.replace(/[-.]/g, "_")) || HARMLESS_NAME.test(name.replace(/[-.]/g, "_")))
    return w;
  if (isPlaceholder(v)) return w;
  // `secrets.md:12:3:` is a file name and a line in an error, not a name and its value.
  if (/:\s*$/.test(p) && /\.[A-Za-z]{1,5}$/.test(name) && /^\d+(?::\d+)*:?$/.test(v)) return w;
  // `password: rotated quarterly` is prose; `password: hunter2` is not.
  if (/:\s*$/.test(p) && !/["']/.test(v) && !looksSecret(v)) return w;
  return `${p}[REDACTED:${/key|token|auth|credential/i.test(name) ? "token" : "password"}]`;
}

/**
 * NAME=value rules, scanned by hand: when a name is not secret its "value" may itself be the next
 * name (`Given: password: hunter2`, `note: ADMIN_PW=x`), so the scan resumes at the value instead
 * of after it (a plain global replace skipped the secret).
 */
function redactNamed(text: string): string {
  NAMED.lastIndex = 0;
  let out = "";
  let from = 0;
  for (let m = NAMED.exec(text); m; m = NAMED.exec(text)) {
    const [w, p, name, v] = m as unknown as [string, string, string, string];
    const r = namedValue(w, p, name, v);
    if (r === w) {
      // Only past a blank (`Given: password: x`): `arn:aws:secretsmanager:us-east-1` is one word.
      if (/\s$/.test(p)) NAMED.lastIndex = m.index + p.length;
      continue;
    }
    out += text.slice(from, m.index) + r;
    from = m.index + w.length;
  }
  return out + text.slice(from);
}

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

export function redact(text: string): string {
  let out = text;
  for (const v of envSecrets) if (out.includes(v)) out = out.split(v).join("[REDACTED:env-secret]");
  for (const r of RULES)
    out = typeof r === "function" ? r(out) : out.replace(r[0], r[1] as (...m: string[]) => string);
  return out;
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
