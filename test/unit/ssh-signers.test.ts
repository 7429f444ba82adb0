/**
 * allowed_signers as ssh-keygen(1) reads it: principal patterns with negation, `namespaces=`,
 * `valid-after`/`valid-before`, and a bad line named by file:line.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicKeyFromBlob, sshString } from "../../source/session/ssh-keys.js";
import { allowedFor, matchPatternList, parseAllowedSigners } from "../../source/session/ssh-signers.js";

function ed25519Line(): string {
  const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([sshString("ssh-ed25519"), sshString(Buffer.from(jwk.x!, "base64url"))]);
  return `ssh-ed25519 ${blob.toString("base64")} someone`;
}

const NOW = Date.UTC(2026, 10, 23, 13);

describe("allowed_signers", () => {
  it("patterns: wildcards match, a negated pattern vetoes", () => {
    expect(matchPatternList("ann@example.com", "*@example.com")).toBe(true);
    expect(matchPatternList("ann@example.com", "*@example.com,!ann@*")).toBe(false);
    expect(matchPatternList("bob@example.org", "*@example.com,b?b@*")).toBe(true);
    expect(matchPatternList("x", "y")).toBe(false);
  });

  it("namespaces and validity windows limit a key; the reason names which", () => {
    const key = ed25519Line();
    const pub = publicKeyFromBlob(Buffer.from(key.split(" ")[1]!, "base64"));
    const text = [
      "# team",
      `ann@example.com,*@ops.example.com namespaces="git,golive*" ${key}`,
      `old@example.com valid-before="20260101Z" ${key}`,
    ].join("\n");
    const signers = parseAllowedSigners(text, "as");
    expect(allowedFor(signers, pub, "golive", NOW)).toEqual({
      ok: true,
      principals: ["ann@example.com,*@ops.example.com"],
    });
    expect(allowedFor(signers, pub, "golive", NOW, "eve@ops.example.com")).toMatchObject({ ok: true });
    expect(allowedFor(signers, pub, "golive", NOW, "old@example.com")).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not allowed for identity "old@example.com"'),
    });
    const onlyGit = parseAllowedSigners(`ann@example.com namespaces="git" ${key}`, "as");
    expect(allowedFor(onlyGit, pub, "golive", NOW)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('not for namespace "golive"'),
    });
    const expired = parseAllowedSigners(`ann@example.com valid-before="20260101" ${key}`, "as");
    expect(allowedFor(expired, pub, "golive", NOW)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("valid-before"),
    });
    const other = parseAllowedSigners(`ann@example.com ${ed25519Line()}`, "as");
    expect(allowedFor(other, pub, "golive", NOW)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("is not in the allowed signers"),
    });
  });

  it("a bad line is refused by file:line, never half-read", () => {
    expect(() => parseAllowedSigners(`ann valid-after="tomorrow" ${ed25519Line()}`, "as")).toThrow(
      'as:1: valid-after="tomorrow"',
    );
    expect(() => parseAllowedSigners("\n\nann ssh-ed25519 AAAAnotakey", "as")).toThrow(/^as:3: /);
    expect(() => parseAllowedSigners(`ann frobnicate ${ed25519Line()}`, "as")).toThrow(
      'as:1: unknown option "frobnicate"',
    );
  });
});
