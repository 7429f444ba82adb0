/**
 * `golive --help`, `golive <command> --help`, `golive help <command>` and `--version` without
 * loading commander's command tree or the CLI bundle: bin/golive.js asks here first. The help is
 * the build's dist/help.json (help-model.ts), wrapped at the terminal's width by commander's own Help
 * class, which is all the build bundles of commander for this entry. test/unit/help-fast.test.ts
 * holds every answer given here byte for byte to what commander prints.
 */
import { readFileSync } from "node:fs";
import { Help } from "commander";
import type { CommandHelp, HelpModel } from "./help-model.js";
import { helpPath } from "./help-plain.js";

export { helpPath };

/** What commander wraps to: the terminal's width, or 80 when stdout is not a terminal. */
export interface Out {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The formatted help, as commander's Help.formatHelp lays it out (styles as commander's defaults). */
export function formatHelp(c: CommandHelp, helpWidth: number | undefined): string {
  const helper = new Help();
  helper.prepareContext({ helpWidth });
  const width = helper.helpWidth ?? 80;
  let output = [`${helper.styleTitle("Usage:")} ${helper.styleUsage(c.usage)}`, ""];
  if (c.description.length > 0)
    output = output.concat([helper.boxWrap(helper.styleCommandDescription(c.description), width), ""]);
  for (const s of c.sections)
    output = output.concat(
      helper.formatItemList(
        s.title,
        s.items.map(([term, description]) => helper.formatItem(term, c.termWidth, description, helper)),
        helper,
      ),
    );
  return output.join("\n");
}

/**
 * Answers argv when it asks only for help or the version, writing what commander would; false
 * otherwise (nothing written). The answer's exit code is 0, as commander's.
 */
export function fastHelp(
  argv: readonly string[],
  out: Out,
  model: HelpModel = loadModel(),
  version: () => string = packageVersion,
): boolean {
  if (argv.length === 1 && (argv[0] === "-V" || argv[0] === "--version")) {
    out.write(`${version()}\n`);
    return true;
  }
  const path = helpPath(argv, model);
  if (path === undefined) return false;
  const c = model.commands[path]!;
  out.write(c.before + formatHelp(c, out.isTTY ? out.columns : undefined) + c.after);
  return true;
}

function loadModel(): HelpModel {
  return JSON.parse(readFileSync(new URL("./help.json", import.meta.url), "utf8")) as HelpModel;
}

/** As source/version.ts reads it, from the package.json beside dist/. */
function packageVersion(): string {
  return (
    JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
  ).version;
}
