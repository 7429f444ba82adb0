/** Redacting a value named as a secret (`password=…`, `"apiKey": …`), harmless names kept. */
import { isPlaceholder, looksSecret } from "./secret-looks.js";

export const keep = (whole: string, prefix: string, value: string, label: string) =>
  isPlaceholder(value) ? whole : `${prefix}[REDACTED:${label}]`;

/** A whole value after `=`, quoted ("a b") or not. */
const VALUE = String.raw`("[^"\n]*"|'[^'\n]*'|[^\s"'\`;&|,)]+)`;

/** Names that are secret-looking but hold no secret (where the secret is, how long it lives). */
export const HARMLESS_NAME =
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
export function redactNamed(text: string): string {
  NAMED.lastIndex = 0;
  let out = "";
  let from = 0;
  for (let m = NAMED.exec(text); m; m = NAMED.exec(text)) {
    const [w, p, name, v] = m as unknown as [string, string, string, string];
    const r = namedValue(w, p, name, v);
    if (r === w) {
      // Only where a blank parts the name from the value, after the separator or before it
      // (`Given: password: x`, `label :ADMIN_PW:x`): `arn:aws:secretsmanager:us-east-1` is one word.
      // Or when the "value" is itself an assignment (`note:ADMIN_PW=x`), which an ARN never is.
      if (/\s/.test(p) || v.includes("=")) NAMED.lastIndex = m.index + p.length;
      continue;
    }
    out += text.slice(from, m.index) + r;
    from = m.index + w.length;
  }
  return out + text.slice(from);
}
