/**
 * The redaction corpus: real secret shapes (each must lose its secret) and look-alikes from real
 * runbooks and commands (each must come back unchanged). Both directions, so a rule that grows too
 * greedy fails here as surely as one that misses a shape.
 */
import { describe, expect, it } from "vitest";
import { redact, redactDeep, redactEnvironmentSecrets, secretValuesOf } from "../../source/domain/redact.js";
import { LOOKALIKES, SECRETS } from "../helpers/redact-corpus.js";

describe("redaction corpus", () => {
  it("has at least 50 secrets and 50 look-alikes", () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(50);
    expect(LOOKALIKES.length).toBeGreaterThanOrEqual(50);
  });

  it.each(SECRETS)("takes the secret out of %j", (text, secret) => {
    const out = redact(text);
    expect(out).not.toContain(secret);
    expect(out).toContain("[REDACTED:");
  });

  it.each(LOOKALIKES.map((t) => [t]))("leaves %j alone", (text) => {
    expect(redact(text)).toBe(text);
  });

  it("keeps a private key block's line count, so runbook positions still match the file", () => {
    const text = "a\n-----BEGIN RSA PRIVATE KEY-----\nx\ny\n-----END RSA PRIVATE KEY-----\nb";
    expect(redact(text).split("\n")).toHaveLength(text.split("\n").length);
  });

  it("redactDeep keeps Dates and other instances", () => {
    const at = new Date("2026-11-30T12:00:00Z");
    const out = redactDeep({ at, note: "password=hunter2", list: [at] });
    expect(out.at).toBeInstanceOf(Date);
    expect(out.at.getTime()).toBe(at.getTime());
    expect(out.list[0]).toBeInstanceOf(Date);
    expect(out.note).not.toContain("hunter2");
  });

  it("takes only odd, blank-free environment values as secrets (an ordinary word is not one)", () => {
    expect(
      secretValuesOf({
        DB_PASSWORD: "Zq9-shapeless",
        MY_TOKEN: "session",
        TOKEN: "no such",
        API_KEY: "sandboxes",
      }),
    ).toEqual(["Zq9-shapeless"]);
    redactEnvironmentSecrets({ DB_PASSWORD: "Zq9-shapeless", SOME_TOKEN: "sessions" });
    try {
      expect(redact("no such session (sessions dir)")).toBe("no such session (sessions dir)");
      expect(redact("connected with Zq9-shapeless")).toBe("connected with [REDACTED:env-secret]");
    } finally {
      redactEnvironmentSecrets({});
    }
  });
});
