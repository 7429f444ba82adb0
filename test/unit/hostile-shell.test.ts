/**
 * Recorded values never become code in any shell, checked through real bash: the `{{fN}}` quote
 * scanner follows comments, `"$(…)"`, backticks and here-documents; values used in commands must be
 * plain data for their field's type; a `{{fN}}` a second shell parses is warned about at `new`.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandValueError } from "../../source/domain/command-values.js";
import type { SessionState } from "../../source/domain/events.js";
import type { Field } from "../../source/domain/runbook.js";
import { nestedShellRefs, scanFieldRefs } from "../../source/domain/shell-quote.js";
import { commandEnv } from "../../source/engine/check-command.js";
import { substitute, withFieldRefs } from "../../source/engine/check-fields.js";
import { BashShell } from "../../source/integrations/shell.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";

function runbookWith(code: string, blank = "Value: ________") {
  const text = `# R\n\n- [ ] ${blank}\n- [ ] Run it\n  \`\`\`sh\n${code
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n  \`\`\`\n`;
  return parseRunbook("r.md", text, "0");
}

function stateWith(value: string): SessionState {
  return {
    fields: { f1: { value, source: "manual", by: "t", at: "2026-01-01T00:00:00Z" } },
  } as unknown as SessionState;
}

/** Substitutes `value` for f1 in `code` and runs it with bash; returns what it printed. */
async function runWith(code: string, value: string, cwd?: string): Promise<string> {
  const rb = runbookWith(code);
  const state = stateWith(value);
  const command = substitute(rb.commands[0]!.code, rb, state);
  const r = await new BashShell().run(`set -e\n${command}`, {
    env: commandEnv(undefined, rb, state),
    timeoutMs: 5000,
    cwd,
  });
  expect(r.exitCode, r.output).toBe(0);
  return r.output;
}

describe("the {{fN}} quote scanner follows bash", () => {
  it("an apostrophe in a # comment does not flip the quoting", async () => {
    expect(scanFieldRefs("# it's the tag\necho {{f1}}")[0]!.context).toBe("none");
    expect(await runWith("# it's the tag\necho {{f1}}", "v2.4.1")).toBe("v2.4.1\n");
  });

  it('quotes inside "$(…)" start a fresh context: a value is never word-split or globbed', async () => {
    const dir = tempDir("hostile-glob-");
    writeFileSync(join(dir, "planted"), "");
    // The scanner used to think {{f1}} sat in double quotes and wrote it bare: `a  b *` globbed.
    expect(scanFieldRefs('echo "$(echo {{f1}})"')[0]!.context).toBe("none");
    expect(scanFieldRefs('echo "$(echo "x" {{f1}})"')[0]!.context).toBe("none");
    // Typing refuses such a value in a command now; the rendering alone must still hold.
    const command = withFieldRefs('echo "$(printf %s {{f1}})"');
    const r = await new BashShell().run(command, { env: { GOLIVE_F1: "a  b *" }, timeoutMs: 5000, cwd: dir });
    expect(r.output).toBe("a  b *\n");
  });

  it("backticks, $'…', here-documents and arithmetic are followed", async () => {
    expect(scanFieldRefs("echo `echo {{f1}}`")[0]!.context).toBe("none");
    expect(scanFieldRefs("echo $'it\\'s' {{f1}}")[0]!.context).toBe("none");
    expect(scanFieldRefs("cat <<EOF\nit's {{f1}}\nEOF\necho {{f1}}").map((r) => r.context)).toEqual([
      "double",
      "none",
    ]);
    expect(scanFieldRefs("cat <<'EOF'\n{{f1}}\nEOF")[0]!.context).toBe("literal");
    expect(await runWith("cat <<EOF\nit's {{f1}}\nEOF\necho '{{f1}}'", "v1")).toBe("it's v1\nv1\n");
    expect(await runWith('echo "$(( {{f1}} + 1 ))"', "41")).toBe("42\n");
  });

  it("a value that reaches a second shell cannot run code: it is refused at run", async () => {
    const dir = tempDir("hostile-nested-");
    const marker = join(dir, "PWNED");
    await expect(runWith('bash -c "echo {{f1}}"', `$(touch ${marker})`, dir)).rejects.toThrow(/syntax/);
    expect(existsSync(marker)).toBe(false);
    expect(await runWith('bash -c "echo {{f1}}"', "v2.4.1")).toBe("v2.4.1\n");
  });
});

describe("values used in commands are plain data for their field's type", () => {
  const field = (unit?: string): Field =>
    ({ id: "f1", kind: "blank", label: "x", section: "s", position: {}, ...(unit ? { unit } : {}) }) as Field;
  it.each([
    ["$(touch x)", undefined],
    ["`id`", undefined],
    ["a b", undefined],
    ["v1;rm -rf /", undefined],
    ["x|y", undefined],
    ["*", undefined],
    ["a\nb", undefined],
    ["\u001b]52;c;aGk=\u0007", undefined],
    ["12abc", "%"],
    ["ten", "ms"],
    ["1e3", "req/s"],
  ])("refuses %j (unit %s)", (value, unit) => {
    expect(commandValueError(field(unit), value)).toBeDefined();
  });
  it.each([
    ["v2.4.1", undefined],
    ["registry.example.com/app:2.4.1-rc.1", undefined],
    ["deploy@bastion", undefined],
    ["0.4", "%"],
    ["42", "ms"],
    ["12.5", "req/s"],
  ])("accepts %j (unit %s)", (value, unit) => {
    expect(commandValueError(field(unit), value)).toBeUndefined();
  });

  it("record refuses a metacharacter in a value a command uses, with the commands named", async () => {
    const sessions = tempDir("hostile-rec-");
    const file = join(sessions, "r.md");
    writeFileSync(file, '# R\n\n- [ ] Tag: ________\n- [ ] Run\n  ```sh\n  bash -c "echo {{f1}}"\n  ```\n');
    const made = await golive(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"], { sessions });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/r\.md:6: \{\{f1\}\} sits inside a string a second shell parses \(bash -c\)/);
    const bad = await golive(["record", "f1", "$(touch /tmp/x)"], { sessions });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^golive: f1 = .* which a shell reads as syntax.*\(c1 uses it\)\n/);
    expect((await golive(["record", "f1", "v2.4.1"], { sessions })).code).toBe(0);
  });
});

describe("nested shells are found", () => {
  it.each([
    ['bash -c "echo {{f1}}"', "bash -c"],
    ["sh -c 'echo {{f1}}'", "sh -c"],
    ['ssh deploy@host "systemctl restart {{f1}}"', "ssh"],
    ['kubectl exec -n prod pod/x -- sh -c "echo {{f1}}"', "sh -c"],
    ['docker exec app bash -lc "run {{f1}}"', "bash -lc"],
    ["eval echo {{f1}}", "eval"],
    ['ssh host \\\n  "echo {{f1}}"', "ssh"],
  ])("%s", (code, shell) => {
    expect(nestedShellRefs(code)).toEqual([expect.objectContaining({ id: "f1", shell })]);
  });
  it("a plain command is not one", () => {
    expect(nestedShellRefs('aws ecs describe-services --services "{{f1}}"\necho {{f1}}')).toEqual([]);
  });
});

describe("a command holding a redacted secret", () => {
  it("is refused at run with a message to move the secret into an environment variable", () => {
    const rb = runbookWith("psql postgres://app:[REDACTED:password]@db/app -c 'select 1'");
    expect(() => substitute(rb.commands[0]!.code, rb, stateWith("x"))).toThrow(
      expect.objectContaining({
        exitCode: 7,
        message: expect.stringMatching(/holds a secret \(line 1 of the block\).*cannot run as written/),
        hint: expect.stringMatching(/environment variable/),
      }),
    );
  });
});
