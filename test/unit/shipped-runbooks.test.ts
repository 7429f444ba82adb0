import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { redact, redactByRules, redactEnvironmentSecrets } from "../../source/domain/redact.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { readRunbookFile } from "../../source/runbook/read.js";
import { parseShippedOr, SHIPPED, SHIPPED_PARSES, shippedParses } from "../../source/runbook/shipped.js";
import { tempDir } from "../helpers/paths.js";

const built = join("dist", SHIPPED_PARSES);

describe("the shipped runbooks' parses, made by the build for golive demo", () => {
  it("the build's file holds exactly the parser's result for each shipped checklist", async () => {
    expect(existsSync(built)).toBe(true);
    const kept = JSON.parse(readFileSync(built, "utf8"));
    expect(Object.keys(kept.runbooks)).toHaveLength(SHIPPED.length);
    for (const name of SHIPPED) {
      const file = `checklists/${name}.md`;
      const { text, sha256 } = await readRunbookFile(file);
      // JSON keeps everything the parser produces (the parsed-runbook cache relies on it too).
      expect(kept.runbooks[sha256]).toStrictEqual(
        JSON.parse(JSON.stringify({ file, runbook: parseRunbook(file, text, sha256), rulesClean: true })),
      );
      // What lets the demo's session skip the rules for it: they would change nothing.
      expect(redactByRules(text)).toBe(text);
    }
  });

  it("is read only for that text, under that name, by that build; anything else parses", async () => {
    const dir = tempDir();
    const file = "checklists/deployment.md";
    const { text, sha256 } = await readRunbookFile(file);
    const parses = await shippedParses(process.cwd(), "b1");
    parses.runbooks![sha256]!.runbook.title = "from the build";
    writeFileSync(join(dir, SHIPPED_PARSES), JSON.stringify(parses));
    expect((await parseShippedOr(file, text, sha256, dir, "b1")).title).toBe("from the build");
    const parsed = parseRunbook(file, text, sha256).title;
    expect((await parseShippedOr(file, text, sha256, dir, "b2")).title).toBe(parsed);
    expect((await parseShippedOr("my.md", text, sha256, dir, "b1")).title).toBe(parsed);
    expect((await parseShippedOr(file, text, sha256, dir, undefined)).title).toBe(parsed);
    writeFileSync(join(dir, SHIPPED_PARSES), "{");
    expect((await parseShippedOr(file, text, sha256, dir, "b1")).title).toBe(parsed);
  });

  it("a text the build found the rules leave alone still loses the environment's secret values; others go through the rules", async () => {
    const dir = tempDir();
    const file = "mine.md";
    const text = "# Go-live\n\n## Steps\n\n- [ ] Deploy Xk2pQ9zLmW7 → done\n";
    const sha256 = createHash("sha256").update(text).digest("hex");
    expect(redactByRules(text)).toBe(text);
    const parses = {
      build: "b1",
      runbooks: { [sha256]: { file, runbook: parseRunbook(file, text, sha256), rulesClean: true } },
    };
    writeFileSync(join(dir, SHIPPED_PARSES), JSON.stringify(parses));
    await parseShippedOr(file, text, sha256, dir, "b1");
    try {
      redactEnvironmentSecrets({ DEPLOY_TOKEN: "Xk2pQ9zLmW7" });
      expect(redact(text)).toBe(text.replace("Xk2pQ9zLmW7", "[REDACTED:env-secret]"));
      redactEnvironmentSecrets({});
      expect(redact(text)).toBe(text);
      // Only that exact text: another with a secret's shape in it is still redacted by the rules.
      const other = `${text}- [ ] login with --password Hunter2x9\n`;
      expect(redact(other)).toContain("[REDACTED:password]");
    } finally {
      redactEnvironmentSecrets({});
    }
  });
});
