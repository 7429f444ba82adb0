/**
 * bin/golive.js answers help and --version from the build's help text (source/cli/help-fast.ts)
 * instead of commander: every answer it gives must be byte for byte what commander prints through
 * main(), at every terminal width, and anything else must be left to commander.
 */
import { execFile, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { fastHelp, helpPath } from "../../source/cli/help-fast.js";
import type { HelpModel } from "../../source/cli/help-model.js";
import { surelyNotTerminal } from "../../source/cli/help-plain.js";
import { helpModel, main } from "../../source/cli.js";
import { VERSION } from "../../source/version.js";
import { golive } from "../helpers/cli.js";
import { BIN, ROOT } from "../helpers/paths.js";

const model: HelpModel = helpModel();
const paths = Object.keys(model.commands);

/** commander reads the terminal's width from process.stdout, whatever stream it writes to. */
function terminal(columns: number | undefined): void {
  Object.defineProperty(process.stdout, "isTTY", { value: columns !== undefined, configurable: true });
  Object.defineProperty(process.stdout, "columns", { value: columns, configurable: true });
}
const saved = {
  isTTY: Object.getOwnPropertyDescriptor(process.stdout, "isTTY"),
  columns: Object.getOwnPropertyDescriptor(process.stdout, "columns"),
};
afterEach(() => {
  for (const [k, d] of Object.entries(saved))
    if (d) Object.defineProperty(process.stdout, k, d);
    else delete (process.stdout as unknown as Record<string, unknown>)[k];
});

async function viaCommander(argv: string[]) {
  const r = await golive(argv);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

function viaFast(argv: string[], columns: number | undefined) {
  let out = "";
  const served = fastHelp(
    argv,
    {
      write: (s: string) => {
        out += s;
      },
      isTTY: columns !== undefined,
      columns,
    },
    model,
    () => VERSION,
  );
  return { served, out };
}

async function same(argv: string[], columns?: number) {
  terminal(columns);
  const fast = viaFast(argv, columns);
  const commander = await viaCommander(argv);
  expect(fast.served, argv.join(" ")).toBe(true);
  expect({ code: commander.code, err: commander.err }).toEqual({ code: 0, err: "" });
  expect(fast.out, `${argv.join(" ")} at ${columns ?? "no terminal"}`).toBe(commander.out);
}

describe("help without commander", () => {
  it("has every command, nested ones too", () => {
    expect(paths).toEqual(expect.arrayContaining(["", "status", "open", "sandbox", "sandbox fault", "k8s"]));
    expect(paths.length).toBeGreaterThan(40);
  });

  it("golive --help, -h, help and --version, -V print what commander prints", async () => {
    for (const argv of [["--help"], ["-h"], ["help"], ["--version"], ["-V"]]) await same(argv);
  });

  it("every command's --help, -h and `golive help <command>` print what commander prints", async () => {
    for (const p of paths.filter(Boolean)) {
      await same([...p.split(" "), "--help"]);
      await same([...p.split(" "), "-h"]);
      if (!p.includes(" ")) await same(["help", p]);
    }
  });

  it("wraps as commander does at every terminal width", async () => {
    for (const columns of [20, 39, 40, 57, 80, 81, 132, 200, 300])
      for (const p of paths) await same([...(p ? p.split(" ") : []), "--help"], columns);
  });

  it("leaves everything else to commander, writing nothing", () => {
    for (const argv of [
      [],
      ["status"],
      ["status", "--json", "--help"],
      ["nosuch", "--help"],
      ["help", "nosuch"],
      ["help", "help"],
      ["help", "--help"],
      ["help", "sandbox", "fault"],
      ["--help", "status"],
      ["-V", "status"],
      ["status", "-V"],
    ]) {
      expect(helpPath(argv, model), argv.join(" ")).toBeUndefined();
      expect(viaFast(argv, undefined), argv.join(" ")).toEqual({ served: false, out: "" });
    }
  });

  it("the installed binary answers from the build's help text, as commander would", async () => {
    const run = promisify(execFile);
    for (const argv of [["--help"], ["status", "--help"], ["sandbox", "fault", "-h"], ["-V"]]) {
      terminal(undefined);
      const { stdout } = await run(process.execPath, [BIN, ...argv], { cwd: ROOT });
      expect(stdout).toBe((await viaCommander(argv)).out);
    }
  });

  it("to a file the binary writes the build's whole text (help-plain.ts), as commander would", async () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-help-"));
    try {
      for (const argv of [["--help"], ["help", "status"], ["sandbox", "fault", "--help"], ["--version"]]) {
        const file = join(dir, "out");
        const fd = openSync(file, "w");
        try {
          const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, stdio: ["ignore", fd, "pipe"] });
          expect({ status: r.status, err: String(r.stderr) }).toEqual({ status: 0, err: "" });
        } finally {
          closeSync(fd);
        }
        terminal(undefined);
        expect(readFileSync(file, "utf8"), argv.join(" ")).toBe((await viaCommander(argv)).out);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("only a file, a pipe or /dev/null is taken for a non-terminal without node:tty", () => {
    expect(surelyNotTerminal(openSync("/dev/null", "w"))).toBe(true);
    const fd = openSync(join(ROOT, "package.json"), "r");
    expect(surelyNotTerminal(fd)).toBe(true);
    closeSync(fd);
    expect(surelyNotTerminal(-1)).toBeUndefined();
  });

  it("a bad GOLIVE_NOW is one line, never a stack", async () => {
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (d) => {
      err += d;
    });
    const code = await main(["status"], { stdout: new PassThrough(), stderr, env: { GOLIVE_NOW: "noon" } });
    expect({ code, err }).toEqual({ code: 2, err: 'golive: GOLIVE_NOW="noon" is not an ISO-8601 time\n' });
  });
});
