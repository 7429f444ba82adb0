/**
 * Redaction as a record reads it, rule by rule: which label each kind of secret leaves, which
 * placeholders and look-alikes stay, where a named value is a file and a line, and how the
 * environment's own secrets are taken. The corpus (redact-corpus.test.ts) holds the broad shapes;
 * these are the edges between them.
 */
import { describe, expect, it } from "vitest";
import { redact } from "../../source/domain/redact.js";

describe("a secret assigned right after another name's colon", () => {
  it.each([
    ["note:ADMIN_PW=hunter2", "note:ADMIN_PW=[REDACTED:password]"],
    ["environment:DB_PASSWORD=hunter2", "environment:DB_PASSWORD=[REDACTED:password]"],
    ["label :API_TOKEN=Zq9shapeless", "label :API_TOKEN=[REDACTED:token]"],
  ])("%j is redacted", (text, out) => {
    expect(redact(text)).toBe(out);
  });

  it("an ARN after a colon stays one word", () => {
    const arn = "source:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
    expect(redact(arn)).toBe(arn);
  });
});
