/**
 * The export's event log escapes each person's name once and reuses it (a 100,000-event log names a
 * handful of people over and over): every row by the same name must still carry the escaped form,
 * never Markdown structure (a table cell split by `|`, emphasis, a link).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";

describe("the export's event log", () => {
  it("escapes a name with Markdown punctuation in every row it appears in", async () => {
    const sessions = tempDir("event-log-names-");
    const file = join(sessions, "rb.md");
    writeFileSync(file, "# Release\n\n## Prep (T-30 minutes)\n\n- [ ] Deploy\n");
    const env = { GOLIVE_USER: "ann|*x*" };
    expect(
      (await golive(["new", "--runbook", file, "--t0", "2026-11-23T12:00:00Z"], { sessions, env })).code,
    ).toBe(0);
    expect((await golive(["note", "one"], { sessions, env })).code).toBe(0);
    expect((await golive(["note", "two"], { sessions, env })).code).toBe(0);
    const out = join(sessions, "record.md");
    expect((await golive(["export", "--out", out], { sessions, env })).code).toBe(0);
    const rows = readFileSync(out, "utf8")
      .split("\n")
      .filter((l) => /^\| \d+ \| /.test(l));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^\| \d+ \| \S+ \| ann\\\|\\\*x\\\* \| .* \|$/);
  });
});
