/**
 * Every command's help as data, taken from commander's own Help at build time (scripts/build.mjs
 * writes it to dist/help.json): what commander's formatHelp puts on the screen, minus the wrapping,
 * which depends on the terminal's width and is left to commander's Help when it is printed
 * (help-fast.ts). So `golive --help` answers without loading commander's command tree.
 */
import type { Command, Help, Option } from "commander";

/** One list under a title (Arguments:, Options:, Commands:): each item's term and description. */
export interface HelpSection {
  title: string;
  items: [term: string, description: string][];
}

export interface CommandHelp {
  usage: string;
  description: string;
  /** The width commander pads every term of this command's lists to. */
  termWidth: number;
  sections: HelpSection[];
  /** What addHelpText writes before and after the formatted help (the width does not change it). */
  before: string;
  after: string;
}

export interface HelpModel {
  /** Keyed by the command's path below golive: "" for golive itself, "sandbox fault", … */
  commands: Record<string, CommandHelp>;
}

/** The help of `program` and every command below it, as commander formats it. */
export function helpModelOf(program: Command, captured: () => string): HelpModel {
  const commands: Record<string, CommandHelp> = {};
  const walk = (cmd: Command, path: string[]) => {
    commands[path.join(" ")] = commandHelp(cmd, captured);
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return { commands };
}

/**
 * The same calls as commander's Help.formatHelp, in its order, keeping the styled pieces instead of
 * joining them. `captured` returns (and empties) what the program wrote, to find addHelpText's parts.
 */
function commandHelp(cmd: Command, captured: () => string): CommandHelp {
  const helper = cmd.createHelp() as Help & {
    groupItems<T>(all: T[], visible: T[], group: (x: T) => string): Map<string, T[]>;
  };
  helper.prepareContext({ helpWidth: 80 });
  const sections: HelpSection[] = [];
  const add = (title: string, items: [string, string][]) => {
    if (items.length) sections.push({ title, items });
  };
  add(
    "Arguments:",
    helper
      .visibleArguments(cmd)
      .map((a) => [
        helper.styleArgumentTerm(helper.argumentTerm(a)),
        helper.styleArgumentDescription(helper.argumentDescription(a)),
      ]),
  );
  const optionRow = (o: Option): [string, string] => [
    helper.styleOptionTerm(helper.optionTerm(o)),
    helper.styleOptionDescription(helper.optionDescription(o)),
  ];
  const options = helper.groupItems(
    cmd.options as never[],
    helper.visibleOptions(cmd) as never[],
    (o: { helpGroupHeading?: string }) => o.helpGroupHeading ?? "Options:",
  );
  for (const [title, list] of options) add(title, list.map(optionRow));
  if (helper.showGlobalOptions) add("Global Options:", helper.visibleGlobalOptions(cmd).map(optionRow));
  const subs = helper.groupItems(
    cmd.commands as never[],
    helper.visibleCommands(cmd) as never[],
    (c: Command) => c.helpGroup() || "Commands:",
  );
  for (const [title, list] of subs)
    add(
      title,
      list.map((c: Command) => [
        helper.styleSubcommandTerm(helper.subcommandTerm(c)),
        helper.styleSubcommandDescription(helper.subcommandDescription(c)),
      ]),
    );
  captured();
  cmd.outputHelp();
  const all = captured();
  const body = cmd.helpInformation();
  const at = all.indexOf(body);
  if (at < 0) throw new Error(`help model: ${cmd.name()}'s help is not where commander wrote it`);
  return {
    usage: helper.commandUsage(cmd),
    description: helper.commandDescription(cmd),
    termWidth: helper.padWidth(cmd, helper),
    sections,
    before: all.slice(0, at),
    after: all.slice(at + body.length),
  };
}
