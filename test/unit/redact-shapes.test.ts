/**
 * Redaction as a record reads it, rule by rule: which label each kind of secret leaves, which
 * placeholders and look-alikes stay, where a named value is a file and a line, and how the
 * environment's own secrets are taken. The corpus (redact-corpus.test.ts) holds the broad shapes;
 * these are the edges between them.
 */
import { describe, expect, it } from "vitest";
import {
  hasSecret,
  redact,
  redactDeep,
  redactEnvironmentSecrets,
  secretValuesOf,
} from "../../source/domain/redact.js";
import { isPlaceholder } from "../../source/domain/secret-looks.js";

describe("a secret assigned right after another name's colon", () => {
  it.each([
    ["note:ADMIN_PW=hunter2", "note:ADMIN_PW=[REDACTED:password]"],
    ["environment:DB_PASSWORD=hunter2", "environment:DB_PASSWORD=[REDACTED:password]"],
    ["label :API_TOKEN=Zq9shapeless", "label :API_TOKEN=[REDACTED:token]"],
    // A blank before the separator parts the name from its "value" as one after it does.
    ["label :ADMIN_PW:s3cr3tX", "label :ADMIN_PW:[REDACTED:password]"],
    ["Note =password:Hunter2", "Note =password:[REDACTED:password]"],
  ])("%j is redacted", (text, out) => {
    expect(redact(text)).toBe(out);
  });

  it("an ARN after a colon stays one word", () => {
    const arn = "source:arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf";
    expect(redact(arn)).toBe(arn);
    expect(redact(`source :${arn.slice(7)}`)).toBe(`source :${arn.slice(7)}`);
  });
});

describe("the label a secret leaves tells what it was", () => {
  it.each([
    ["Authorization: Bearer abcdefghijklmnop", "Authorization: Bearer [REDACTED:token]"],
    ["curl -H 'X: y' bearer abcdefghijklmnop", "curl -H 'X: y' bearer [REDACTED:token]"],
    ["curl -u admin:hunter2 https://x", "curl -u admin:[REDACTED:password] https://x"],
    ["app --password hunter2", "app --password [REDACTED:password]"],
    ["mysql -u root -phunter2", "mysql -u root -p[REDACTED:password]"],
    ["sshpass -p hunter2 ssh x", "sshpass -p [REDACTED:password] ssh x"],
    ["redis-cli -h x -a hunter2 ping", "redis-cli -h x -a [REDACTED:password] ping"],
    ["API_KEY=abc123", "API_KEY=[REDACTED:token]"],
    ["DB_PASSWORD=x1y2", "DB_PASSWORD=[REDACTED:password]"],
  ])("%j", (text, out) => {
    expect(redact(text)).toBe(out);
  });

  it("a one-line private key block becomes one line", () => {
    expect(redact("-----BEGIN PRIVATE KEY-----MIIEvQ-----END PRIVATE KEY-----")).toBe(
      "[REDACTED:private-key]",
    );
  });

  it("hasSecret says whether redact would change the text", () => {
    expect(hasSecret("DB_PASSWORD=hunter2")).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
    expect(hasSecret("DB_PASSWORD=${DB_PASSWORD}")).toBe(false);
  });
});

describe("a named value", () => {
  it.each([
    // A plain word after `=` is a secret: only after a colon can it be prose.
    ["DB_PASSWORD=sunshine", "DB_PASSWORD=[REDACTED:password]"],
    // `.` and `-` in a name read as `_`.
    ["db.pw=hunter2", "db.pw=[REDACTED:password]"],
    ["db-pw=hunter2", "db-pw=[REDACTED:password]"],
    ["mysql.pass=20261203", "mysql.pass=[REDACTED:password]"],
    // Digits after a colon are a secret unless the name is a file and they are its line.
    ["password: 1234", "password: [REDACTED:password]"],
    ["db.password: 123456", "db.password: [REDACTED:password]"],
    ["secret.txt:hunter2", "secret.txt:[REDACTED:password]"],
    ["secret.txt:9xQ7-hunter2", "secret.txt:[REDACTED:password]"],
  ])("%j is redacted", (text, out) => {
    expect(redact(text)).toBe(out);
  });

  it.each([
    "token-file=/run/secrets/token",
    "api.token.path=/run/secrets/api",
    "secrets.md:12:3: unexpected heading",
    "secrets.yaml:1234: duplicate key",
    "secrets.md:12:34: bad table",
    "secrets.md:1234",
    "secrets.yml: 1234",
    "secrets.md:12:3",
    // Prose after an aligned colon.
    "Password:  rotated quarterly",
    'DB_PASSWORD=""',
  ])("%j stays", (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe("placeholders stand for a secret and stay", () => {
  it.each([
    "",
    "__",
    "****",
    "xxx",
    "xxxx",
    "XXXXX",
    "...",
    "…",
    "---",
    "<your-password>",
    "{{ vault_db_password }}",
    "[REDACTED:password]",
    "[REDACTED",
    "(see vault)",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
    "${DB_PASSWORD}",
    "${DB_PASSWORD:-some",
    "$DB_PASSWORD",
    "$(",
    "$(vault",
    "true",
    "None",
    "N/A",
    "'<password>'",
    '"xxx"',
  ])("%j", (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, on purpose
    "DB_PASSWORD=${DB_PASSWORD:-some default}",
    "DB_PASSWORD=$( vault kv get -field=pw secret/db )",
    "DB_PASSWORD=<password>",
    "DB_PASSWORD={{db_password}}",
    "DB_PASSWORD=(see vault)",
  ])("%j stays", (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([
    // Only the value's own outer quotes are cut: a quote inside is part of the secret.
    ['DB_PASSWORD="n\'one"', "DB_PASSWORD=[REDACTED:password]"],
    // A secret that merely starts or ends like a placeholder or a keyword.
    ["DB_PASSWORD=Zq9x-", "DB_PASSWORD=[REDACTED:password]"],
    ["DB_PASSWORD=xxx-Zq9", "DB_PASSWORD=[REDACTED:password]"],
    ["DB_PASSWORD=__Zq9", "DB_PASSWORD=[REDACTED:password]"],
    ["DB_PASSWORD=Zq9$x", "DB_PASSWORD=[REDACTED:password]"],
    ["DB_PASSWORD=Zq9casino", "DB_PASSWORD=[REDACTED:password]"],
    ["DB_PASSWORD=nobody9X", "DB_PASSWORD=[REDACTED:password]"],
  ])("%j is redacted", (text, out) => {
    expect(redact(text)).toBe(out);
  });
});

describe("after a secret word", () => {
  it.each([
    ["the PIN is 1234", "the PIN is [REDACTED:password]"],
    // 16 characters, both cases and digits, exactly 3.5 bits a character: random enough.
    ["token AAbbcc11DeFgHiJk", "token [REDACTED:token]"],
    // A long hex or digit string.
    ["token 12345678901234567890123456789012", "token [REDACTED:token]"],
    ["secret 3f786850e387550fdab836ed7e6dc881de23001b", "secret [REDACTED:token]"],
    // A base32 MFA/TOTP seed, capitals and 2-7 only, as authenticator set-up pages print it.
    ["MFA secret JBSWY3DPEHPK3PXP", "MFA secret [REDACTED:token]"],
    ["TOTP secret for break-glass GEZDGNBVGY3TQOJQ", "TOTP secret for break-glass [REDACTED:token]"],
    ["otp secret key MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U====", "otp secret key [REDACTED:token]"],
  ])("%j is redacted", (text, out) => {
    expect(redact(text)).toBe(out);
  });

  it.each([
    // Too short to be a secret, and words.
    "the pin is 123",
    "the token is v2",
    // Ids, names and dividers are not random: one case only, no digit, low entropy, not all hex.
    "secret rotation Lambda on i-0a1b2c3d4e5f6a7b8",
    "the secret ProdDatabaseMasterCredentials",
    "token for ReleaseRelease2026",
    "token rotated on release-2026-12-03",
    "| Password | --------------------------------- |",
    "token file notes-3f786850e387550fdab836ed7e6dc881de23001b",
    "token file 3f786850e387550fdab836ed7e6dc881de23001b-notes",
    // Capitals without a base32 digit, or with 0, 1, 8 or 9 (not base32), or too short: ids.
    "secret store PRODUCTIONCLUSTERS",
    "token for ACCOUNT123456789012",
    "secret JBSWY3DPEHPK3PX",
  ])("%j stays", (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe("golive's own environment", () => {
  it("takes secret-named values of 8 characters or more, neither harmless names nor missing ones", () => {
    expect(
      secretValuesOf({
        DB_PASSWORD: "Zq9-abcd",
        API_TOKEN: "Zq9-abc",
        HOME: "/home/deploy-9x",
        TOKEN_FILE: "/run/secrets/token-9x",
        SESSION_TOKEN: undefined,
      }),
    ).toEqual(["Zq9-abcd"]);
  });

  it("a secret that holds another is taken whole", () => {
    redactEnvironmentSecrets({ DB_PASSWORD: "Zq9-shapeless", DB_PASSWORD_OLD: "Zq9-shapeless-2024" });
    try {
      expect(redact("tried Zq9-shapeless-2024 then Zq9-shapeless")).toBe(
        "tried [REDACTED:env-secret] then [REDACTED:env-secret]",
      );
    } finally {
      redactEnvironmentSecrets({});
    }
  });
});

describe("redactDeep", () => {
  it("redacts strings in arrays and leaves null, numbers and booleans", () => {
    expect(redactDeep({ notes: ["password=hunter2"], by: null, n: 3, ok: true })).toEqual({
      notes: ["password=[REDACTED:password]"],
      by: null,
      n: 3,
      ok: true,
    });
  });
});
