/**
 * What `golive new` warns about in a runbook it accepts, in the exact words with file:line: secrets
 * (in a command or not, by the command's lines), `{{fN}}` where a second shell parses it; and the
 * redacted text stored only when it keeps every id. Small runbooks parsed in memory.
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../source/domain/errors.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { runbookWarnings, secretLines, storedRunbookText } from "../../source/runbook/warnings.js";

const KEY = "AKIAIOSFODNN7EXAMPLE";
const doc = (lines: string[]) => `${lines.join("\n")}\n`;
const MOVE = ' — move the secret into an environment variable (e.g. "$DB_PASSWORD")';
const secret = (line: number, inCommand = false) =>
  `rb.md:${line}: holds a secret; the session stores it redacted${inCommand ? ", and `golive run` will refuse this command" : ""}${MOVE}`;

describe("runbookWarnings", () => {
  it("a secret in prose, on a fence line, in each line of a command, and after it", () => {
    const text = doc([
      "# Deploy", // 1
      "",
      `Key ${KEY} here`, // 3
      "",
      "- [ ] Step one", // 5
      "",
      `  \`\`\`bash ${KEY}`, // 7: the fence line is not the command
      `  echo ${KEY}`, // 8
      "  ls",
      `  echo ${KEY}`, // 10: the command's last line
      "  ```",
      `${KEY}`, // 12: after the block
      "",
      "```bash", // 14: a second command, which holds no secret
      "ls",
      "```",
    ]);
    const rb = parseRunbook("rb.md", text, "x");
    expect(secretLines(text)).toEqual([3, 7, 8, 10, 12]);
    expect(runbookWarnings(rb, text)).toEqual([
      secret(3),
      secret(7),
      secret(8, true),
      secret(10, true),
      secret(12),
    ]);
  });

  it("a field a second shell parses, at its own line, in each command", () => {
    const text = doc([
      "# Deploy",
      "",
      "- [ ] a",
      "",
      "Value: ________",
      "",
      "```bash",
      "echo {{f1}}",
      'bash -c "echo {{f1}}"',
      "```",
      "",
      "```bash",
      'ssh host "cat {{f1}}"',
      "```",
    ]);
    const rb = parseRunbook("rb.md", text, "x");
    expect(runbookWarnings(rb, text)).toEqual([
      "rb.md:9: {{f1}} sits inside a string a second shell parses (bash -c); only plain values (numbers, identifiers) will be allowed there",
      "rb.md:13: {{f1}} sits inside a string a second shell parses (ssh); only plain values (numbers, identifiers) will be allowed there",
    ]);
  });

  it("nothing to say about a clean runbook", () => {
    const text = doc(["# Deploy", "", "- [ ] a", "", "```bash", "echo {{f1}}", "```"]);
    expect(secretLines(text)).toEqual([]);
    expect(runbookWarnings(parseRunbook("rb.md", text, "x"), text)).toEqual([]);
  });
});

describe("storedRunbookText", () => {
  it("the text itself when nothing is redacted; the redacted text when the ids stay", () => {
    const clean = doc(["# T", "", "- [ ] a"]);
    expect(storedRunbookText(parseRunbook("rb.md", clean, "x"), clean)).toBe(clean);
    const text = doc(["# T", "", `- [ ] key ${KEY}`, "", "Value: ________"]);
    expect(storedRunbookText(parseRunbook("rb.md", text, "x"), text)).toBe(
      doc(["# T", "", "- [ ] key [REDACTED:aws-access-key-id]", "", "Value: ________"]),
    );
  });

  it("refused, at the secret's line, when redaction would drop an item", () => {
    const text = doc([
      "# T",
      "",
      "- [ ] a",
      "",
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA7",
      "- [ ] inside the key",
      "-----END RSA PRIVATE KEY-----",
    ]);
    const rb = parseRunbook("rb.md", text, "x");
    let err: unknown;
    try {
      storedRunbookText(rb, text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe(
      "rb.md:5:1: a secret here changes the runbook's structure when it is redacted; move it into an environment variable",
    );
  });

  it.each([
    ["a field", ["Value: ________"]],
    ["a command", ["```bash", "ls", "```"]],
  ])("refused when redaction would drop %s", (_what, inside) => {
    const text = doc([
      "# T",
      "",
      "- [ ] a",
      "",
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA7",
      ...inside,
      "-----END RSA PRIVATE KEY-----",
    ]);
    expect(() => storedRunbookText(parseRunbook("rb.md", text, "x"), text)).toThrow(
      /^rb\.md:5:1: a secret here/,
    );
  });
});
