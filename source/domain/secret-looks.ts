/** What looks like a secret: secret words, placeholders that only stand for one, random-looking values. */
/** Words that say "a secret follows". */
export const SECRET_WORD =
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
export function looksSecret(v: string): boolean {
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

/**
 * Mixed case and digits with high entropy, a long hex/UUID string, or a base32 seed (an MFA/TOTP
 * secret: capitals and 2–7 only, as authenticator apps print it): not a word, path or id. The base32
 * shape is taken only here, a few words after a secret word, where an all-capitals id is rare and a
 * leaked seed is an account taken over; elsewhere such ids stay.
 */
export function randomLooking(v: string): boolean {
  if (/^[0-9a-f-]{32,}$/i.test(v) && /\d/.test(v)) return true;
  if (/^[A-Z2-7]{16,}={0,6}$/.test(v) && /[2-7]/.test(v)) return true;
  return /[A-Z]/.test(v) && /[a-z]/.test(v) && /\d/.test(v) && entropy(v) >= 3.5;
}
