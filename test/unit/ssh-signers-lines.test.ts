/**
 * An allowed_signers file read line by line (session/ssh-signers.ts) as a team writes one: each
 * option's value as ssh-keygen reads it (times to the second, local or Z), options in any order,
 * quoted commas, a cert-authority line that allows no signature by itself, and the window's edges.
 * A misread here lets a sign-off through with a key outside its window, or refuses a good one.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { publicKeyFromBlob, sshString } from "../../source/session/ssh-keys.js";
import { allowedFor, parseAllowedSigners } from "../../source/session/ssh-signers.js";

function ed25519Line(): string {
  const jwk = generateKeyPairSync("ed25519").publicKey.export({ format: "jwk" });
  const blob = Buffer.concat([sshString("ssh-ed25519"), sshString(Buffer.from(jwk.x!, "base64url"))]);
  return `ssh-ed25519 ${blob.toString("base64")} someone`;
}

const KEY = ed25519Line();
const PUB = publicKeyFromBlob(Buffer.from(KEY.split(" ")[1]!, "base64"));
const one = (options: string) => parseAllowedSigners(`ann@example.com ${options} ${KEY}`, "as")[0]!;

describe("allowed_signers options", () => {
  it("times: a date, to the minute, to the second; Z is UTC, without it local time", () => {
    expect(one('valid-after="20261123Z"').validAfter).toBe(Date.UTC(2026, 10, 23));
    expect(one('valid-after="202611231230Z"').validAfter).toBe(Date.UTC(2026, 10, 23, 12, 30));
    expect(one('valid-after="20261123123045Z"').validAfter).toBe(Date.UTC(2026, 10, 23, 12, 30, 45));
    expect(one("valid-before=20270101").validBefore).toBe(new Date(2027, 0, 1).getTime());
    expect(one('valid-before="202701010930"').validBefore).toBe(new Date(2027, 0, 1, 9, 30).getTime());
  });

  it("a time with anything before or after its digits is refused, naming the line", () => {
    // A quote inside the value (ssh-keygen refuses the line too): only its outer quotes are dropped.
    for (const bad of [
      "x20261123",
      "20261123Zx",
      "2026112312",
      "2026112312304",
      "20261123 1230",
      '2026""1123Z',
    ])
      expect(() => one(`valid-after="${bad}"`), bad).toThrow(`as:1: valid-after="${bad}" is not YYYYMMDD`);
  });

  it("a namespace list with a quote inside is refused, naming the line, as ssh-keygen refuses it", () => {
    expect(() => one('namespaces="a""b"')).toThrow('as:1: namespaces="a""b" has a quote inside the list');
    expect(one('namespaces="a,b"').namespaces).toBe("a,b");
  });

  it("options in any order, a quoted list's commas kept, each kind set where it belongs", () => {
    const s = one('valid-after="20260101Z",namespaces="git,golive",valid-before="20270101Z"');
    expect(s).toMatchObject({
      namespaces: "git,golive",
      validAfter: Date.UTC(2026, 0, 1),
      validBefore: Date.UTC(2027, 0, 1),
      certAuthority: false,
    });
    expect(one('namespaces="golive",valid-after="20260101Z"').validAfter).toBe(Date.UTC(2026, 0, 1));
    expect(one('valid-before="20270101Z",namespaces=golive')).toMatchObject({
      namespaces: "golive",
      validBefore: Date.UTC(2027, 0, 1),
    });
    // A namespace that starts like a key type is still an option.
    expect(one('namespaces="file,ssh-audit"').namespaces).toBe("file,ssh-audit");
  });

  it("cert-authority: read, and on its own it allows no key to sign", () => {
    const ca = one('cert-authority,namespaces="golive"');
    expect(ca).toMatchObject({ certAuthority: true, namespaces: "golive" });
    expect(one("CERT-AUTHORITY").certAuthority).toBe(true);
    expect(allowedFor([ca], PUB, "golive", Date.UTC(2026, 10, 23))).toMatchObject({
      ok: false,
      problem: expect.stringContaining("is not in the allowed signers"),
    });
  });

  it("lines are counted from 1 past notes, blank and indented lines", () => {
    const text = [
      "# team",
      "",
      "   # indented note",
      `  ann@example.com ${KEY}`,
      `bob@example.com ${KEY}`,
    ].join("\n");
    expect(parseAllowedSigners(text, "as").map((s) => [s.line, s.principals])).toEqual([
      [4, "ann@example.com"],
      [5, "bob@example.com"],
    ]);
  });
});

describe("the validity window", () => {
  const from = Date.UTC(2026, 10, 1);
  const to = Date.UTC(2026, 10, 30);
  const signers = parseAllowedSigners(
    `ann@example.com valid-after="20261101Z",valid-before="20261130Z" ${KEY}`,
    "as",
  );

  it("holds both of its edges, and nothing outside them", () => {
    for (const now of [from, from + 1, to - 1, to])
      expect(allowedFor(signers, PUB, "golive", now), String(now)).toEqual({
        ok: true,
        principals: ["ann@example.com"],
      });
    for (const now of [from - 1, to + 1])
      expect(allowedFor(signers, PUB, "golive", now)).toMatchObject({
        ok: false,
        problem: expect.stringContaining("outside its valid-after/valid-before window"),
      });
  });

  it("a key only valid later is refused now", () => {
    const later = parseAllowedSigners(`ann@example.com valid-after="20270101Z" ${KEY}`, "as");
    expect(allowedFor(later, PUB, "golive", from)).toMatchObject({ ok: false });
  });

  it("asked for an identity, the answer names that identity, not the line's patterns", () => {
    const team = parseAllowedSigners(`*@example.com ${KEY}`, "as");
    expect(allowedFor(team, PUB, "golive", from, "eve@example.com")).toEqual({
      ok: true,
      principals: ["eve@example.com"],
    });
  });
});
