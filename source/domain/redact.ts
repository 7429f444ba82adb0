/**
 * Secrets never reach a session, export or log, whichever way they arrive (command output, a typed
 * note, a recorded value). Patterns err on the side of redacting.
 */
const RULES: [RegExp, string][] = [
  [/\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA)[A-Z0-9]{16}\b/g, "[REDACTED:aws-access-key-id]"],
  [
    /((?:aws_?)?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{30,}/gi,
    "$1[REDACTED:aws-secret-access-key]",
  ],
  [/((?:aws_?)?session_?token["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{20,}/gi, "$1[REDACTED:aws-session-token]"],
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, "$1 [REDACTED:token]"],
  [
    /((?:authorization|x-api-key|api[_-]?key|token)["']?\s*[:=]\s*["']?)(?!\[REDACTED)[^\s"',;]{8,}/gi,
    "$1[REDACTED:token]",
  ],
  [/((?:password|passwd|pwd|secret)["']?\s*[:=]\s*["']?)(?!\[REDACTED)[^\s"',;]+/gi, "$1[REDACTED:password]"],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, "$1[REDACTED:password]@"],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, "[REDACTED:private-key]"],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, "[REDACTED:token]"],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g, "[REDACTED:token]"],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, "[REDACTED:jwt]"],
];

const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_KEY|AUTH/i;
/** Values shorter than this are too likely to be ordinary words ("sandbox", "true") to redact. */
const MIN_SECRET_VALUE = 8;
let envSecrets: string[] = [];

/**
 * Values of secret-named variables in golive's own environment: a secret with no recognisable shape
 * (a database password) is still caught when it turns up in output, a note or an error.
 */
export function secretValuesOf(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([k, v]) => SECRET_NAME.test(k) && typeof v === "string" && v.length >= MIN_SECRET_VALUE)
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
  for (const [re, rep] of RULES) out = out.replace(re, rep);
  return out;
}

/** Redacts every string inside a JSON-like value. */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}
