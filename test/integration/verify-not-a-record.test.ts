/**
 * `golive verify` handed something that is not a record: a path with nothing there is exit 3 naming
 * it; JSON that is neither an export nor a session (no `format`) is NOT VERIFIED (exit 5), in words
 * and, with --json, as the one object a script reads — never "verified".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { tempDir } from "../helpers/paths.js";

it("no file, a JSON object without format, a JSON array: refused, never verified", async () => {
  const dir = tempDir();
  writeFileSync(join(dir, "plain.json"), JSON.stringify({ events: [] }));
  writeFileSync(join(dir, "list.json"), "[1,2]");
  const v = (...args: string[]) => golive(["verify", ...args], { cwd: dir });
  expect(await v("no-such.json")).toEqual({
    code: 3,
    stdout: "",
    stderr: "golive: no-such.json: cannot read (ENOENT)\n",
  });
  for (const f of ["plain.json", "list.json"])
    expect(await v(f)).toEqual({
      code: 5,
      stdout: "",
      stderr: `golive: ${f}: NOT VERIFIED: not a golive export or session (format is null)\n`,
    });
  const json = await v("--json", "plain.json");
  expect(json.code).toBe(5);
  expect(JSON.parse(json.stdout)).toEqual({
    ok: false,
    file: "plain.json",
    seq: null,
    problem: "not a golive export or session (format is null)",
  });
});
