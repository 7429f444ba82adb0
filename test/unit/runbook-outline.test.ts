/**
 * The runbook's outline (runbook/sections.ts) and its console-block scanners (runbook/prompts.ts),
 * tested on their own: before this, both were reached only through whole runbooks, where most of
 * their branches made no difference (Stryker: 46 % and 48 % of their mutants survived). The numbers
 * and ids are what a lead names on the call and what `golive check` takes; the prompts decide which
 * lines of a console block are fed to bash.
 */
import { describe, expect, it } from "vitest";
import { classifyBlock } from "../../source/runbook/blocks.js";
import {
  everyCommandLinePrompted,
  firstCommandLine,
  promptedCommands,
  shellLinesOnly,
} from "../../source/runbook/prompts.js";
import { Outline } from "../../source/runbook/sections.js";

const at = (line: number) => ({ line, column: 1, start: line * 10, end: line * 10 + 5 });

describe("the outline", () => {
  it("numbers sections as the reader sees them and names each one's parent", () => {
    const o = new Outline();
    const heads: [string, number][] = [
      ["Prepare", 1],
      ["Freeze", 2],
      ["Backups", 2],
      ["Database", 3],
      ["Cut over", 1],
      ["Shift", 3],
    ];
    for (const [i, [title, depth]] of heads.entries()) o.add(title, depth, at(i + 1));
    expect(o.sections.map((s) => [s.number, s.id, s.parent])).toEqual([
      ["1", "prepare", undefined],
      ["1.1", "freeze", "prepare"],
      ["1.2", "backups", "prepare"],
      ["1.2.1", "database", "backups"],
      ["2", "cut-over", undefined],
      // A heading two levels down still counts one level below its open section.
      ["2.1", "shift", "cut-over"],
    ]);
    expect(o.current.id).toBe("shift");
    // The first section, whole: no parent key at all.
    expect(o.sections[0]).toStrictEqual({
      id: "prepare",
      number: "1",
      title: "Prepare",
      depth: 1,
      position: at(1),
    });
    expect(o.sections[3]).toStrictEqual({
      id: "database",
      number: "1.2.1",
      title: "Database",
      depth: 3,
      position: at(4),
      parent: "backups",
    });
  });

  it("the current section is the last one opened, and a returning depth closes deeper ones", () => {
    const o = new Outline();
    const a = o.add("A", 2, at(1));
    expect(o.current).toBe(a);
    o.add("B", 3, at(2));
    const c = o.add("C", 2, at(3));
    expect(o.current).toBe(c);
    expect(c.number).toBe("2");
    expect(c.parent).toBeUndefined();
  });

  it("slugs: lower case, punctuation dropped, runs of spaces one hyphen, digits and letters kept", () => {
    const o = new Outline();
    const ids = [
      "Roll back: ALB (blue → green)!",
      "Step 2  —  verify   the  canary",
      "Größe prüfen",
      "  pre-flight checks  ",
      "Step\t3",
    ].map((t, i) => o.add(t, 1, at(i)).id);
    expect(ids).toEqual([
      "roll-back-alb-blue-green",
      "step-2-verify-the-canary",
      "größe-prüfen",
      "pre-flight-checks",
      "step-3",
    ]);
  });

  it("a title with no letters or digits is a 'section'; repeated slugs get -1, -2 in order", () => {
    const o = new Outline();
    const ids = ["???", "!!", "Verify", "verify!", "VERIFY"].map((t, i) => o.add(t, 2, at(i)).id);
    expect(ids).toEqual(["section", "section-1", "verify", "verify-1", "verify-2"]);
  });

  it("a title whose own slug is a repeat's id still gets an id of its own", () => {
    const o = new Outline();
    const ids = ["Verify", "Verify", "Verify 1", "Verify 1", "Verify"].map((t, i) => o.add(t, 2, at(i)).id);
    expect(ids).toEqual(["verify", "verify-1", "verify-1-1", "verify-1-2", "verify-2"]);
    const first = new Outline();
    const order = ["Verify 1", "Verify", "Verify"].map((t, i) => first.add(t, 2, at(i)).id);
    expect(order).toEqual(["verify-1", "verify", "verify-2"]);
  });
});

describe("console prompts", () => {
  it("takes the `$ ` lines and their continuations, prompts and trailing blanks off, output left out", () => {
    const code = [
      "$ aws elbv2 describe-listeners \\",
      ">   --listener-arn $ARN \\",
      ">--query Rules",
      "{",
      '  "Rules": []',
      "}",
      "  $ echo done   ",
      "$",
      "$ kubectl get pods \\",
      "    -n prod",
      "NAME   READY",
    ].join("\n");
    expect(promptedCommands(code)).toBe(
      [
        "aws elbv2 describe-listeners \\",
        "  --listener-arn $ARN \\",
        "--query Rules",
        "echo done",
        "",
        "kubectl get pods \\",
        "    -n prod",
      ].join("\n"),
    );
  });

  it("a continuation line keeps a `>` that is not its prompt", () => {
    expect(promptedCommands("$ grep -c ok \\\n  log.txt > count.txt")).toBe(
      "grep -c ok \\\n  log.txt > count.txt",
    );
  });

  it("a command holding U+2028 or U+2029 (no line ending to bash) is taken whole, not dropped", () => {
    expect(promptedCommands("$ echo 'a\u2028b'\n$ echo 'c\u2029d'")).toBe("echo 'a\u2028b'\necho 'c\u2029d'");
  });

  it("lines that only hold a `$` somewhere are output, not prompts", () => {
    for (const line of ["cost: $ 5", "deploy@bastion$ ls", "$HOME/bin/run", "total $", "host$"])
      expect(promptedCommands(line), line).toBeUndefined();
    expect(promptedCommands("no prompt here\n")).toBeUndefined();
  });

  it("a console block: its `$ ` lines run, the output does not; no prompt is text", () => {
    const b = classifyBlock("console", "$ curl -s https://x/health\nOK\n", 10);
    expect([b.kind, b.script]).toEqual(["shell", "curl -s https://x/health"]);
    expect(classifyBlock("console", "OK\n", 10).kind).toBe("text");
  });

  it("in a shell block, prompts count only when every command line has one", () => {
    const yes = [
      "$ aws s3 ls",
      "",
      "  # a note",
      "  $ aws ecs update-service \\",
      "      --cluster prod \\",
      "      --service api",
      "$",
    ].join("\n");
    expect(everyCommandLinePrompted(yes)).toBe(true);
    expect(everyCommandLinePrompted("$ a\nb")).toBe(false);
    expect(everyCommandLinePrompted("a\n$ b")).toBe(false);
    // A note whose `#` is not the first character is a command line.
    expect(everyCommandLinePrompted("$ a\necho done # note")).toBe(false);
    // After a continuation ends, the next line needs its prompt again.
    expect(everyCommandLinePrompted("$ a \\\n  --b\noutput")).toBe(false);
    expect(everyCommandLinePrompted("$ a \\\n  --b \\\n  --c\noutput")).toBe(false);
    expect(everyCommandLinePrompted("$ a\\b\noutput")).toBe(false);
    expect(everyCommandLinePrompted("$a")).toBe(false);
    // Output that shows a `$ ` or ends in `$` is not a prompt.
    expect(everyCommandLinePrompted("$ a\nUSD $ 5")).toBe(false);
    expect(everyCommandLinePrompted("$ a\nroot@bastion:~$")).toBe(false);
  });

  it("a bash block of prompts runs without them; one unprompted line runs the block as written", () => {
    expect(classifyBlock("bash", "$ aws s3 ls\n\n# then\n$ aws s3 ls s3://b", 1).script).toBe(
      "aws s3 ls\naws s3 ls s3://b",
    );
    expect(classifyBlock("bash", "$ aws s3 ls\nls", 1).script).toBe("$ aws s3 ls\nls");
  });
});

describe("python blocks that are command lines", () => {
  // Every line a python, pytest or pip command line with options and arguments: run as shell.
  // Not when one line is Python, a pipe, another command, or there is no line at all.
  it.each([
    ["python scripts/smoke_test.py --env prod", true],
    ["  python3 -V\n  # a note\n", true],
    ["pip install -r requirements.txt", true],
    ["pip3 install requests", true],
    ["pytest tests/smoke -x", true],
    ["python x.py --env=prod", true],
    ['python notify.py --channel "ops"', true],
    ["python x.py  --name=a", true],
    ["pip  install requests", true],
    ["python scripts/smoke_test.py\nimport os", false],
    ["pytest tests/ -x | tee out.log", false],
    ["sudo pip install requests", false],
    ["print('python -V')", false],
    ["# only a note", false],
    ["", false],
  ])("%j: %s", (code, shell) => {
    expect(shellLinesOnly(code)).toBe(shell);
  });
});

describe("the first command line of a block (what `golive run` shows before running it)", () => {
  it("skips blank lines and notes, trims, and stops at 72 characters", () => {
    expect(firstCommandLine("# note\n   \n  # indented note\n  aws s3 ls  \nnext")).toBe("aws s3 ls");
    expect(firstCommandLine("echo a#b\n")).toBe("echo a#b");
    expect(firstCommandLine("# nothing but notes\n\n")).toBe("");
    expect(firstCommandLine(`  ${"x".repeat(100)}`)).toBe("x".repeat(72));
  });
});
