/**
 * classifyBlock and blockVerdict in memory: each fence language golive knows, what a block's content
 * makes of an unlabelled or text fence, the `#!` interpreter as named, and the whole classification
 * (kind, the reason shown by `golive run --list`, interpreter, script, changes) for each.
 */
import { describe, expect, it } from "vitest";
import type { CodeBlock } from "../../source/domain/code-block.js";
import { blockVerdict, classifyBlock } from "../../source/runbook/blocks.js";

const NO_KUBE =
  "golive has no Kubernetes rollout action yet: run it yourself outside golive, then tick the item with `golive check`";

describe("classifyBlock: shell fences", () => {
  it.each(["bash", "sh", "shell", "zsh", "ksh", " Bash ", "SH"])("%j runs in bash as written", (lang) => {
    const l = lang.trim().toLowerCase();
    expect(classifyBlock(lang, "ls\n$ pwd", 1)).toEqual({
      kind: "shell",
      why: `${l} block`,
      interpreter: "bash",
      script: "ls\n$ pwd",
      changes: [],
    });
  });

  it("prompts are stripped only when every command line has one", () => {
    expect(classifyBlock("bash", "# list\n$ ls \\\n  -la\n\n$ pwd", 1)).toEqual({
      kind: "shell",
      why: "bash block with `$ ` prompts (stripped)",
      interpreter: "bash",
      script: "ls \\\n  -la\npwd",
      changes: [],
    });
  });

  it("the changes' lines count from the block's first line", () => {
    expect(classifyBlock("sh", "echo\nkubectl scale d", 20).changes).toEqual([
      { what: "capacity", command: "kubectl scale", action: NO_KUBE, line: 21, text: "kubectl scale d" },
    ]);
  });
});

describe("classifyBlock: console transcripts", () => {
  it.each(["console", "shell-session", "sh-session", "shellsession", "terminal", "Console"])(
    "%j: the `$ ` lines run, output left out",
    (lang) => {
      expect(classifyBlock(lang, "$ kubectl get pods\nNAME\n$ helm upgrade a ./c", 3)).toEqual({
        kind: "shell",
        why: `${lang.toLowerCase()} block: the \`$ \` lines, prompts stripped, output left out`,
        interpreter: "bash",
        script: "kubectl get pods\nhelm upgrade a ./c",
        changes: [
          { what: "capacity", command: "helm upgrade", action: NO_KUBE, line: 4, text: "helm upgrade a ./c" },
        ],
      });
    },
  );

  it("a transcript without a prompt is text", () => {
    expect(classifyBlock("terminal", "NAME READY\napi 1/1", 1)).toEqual({
      kind: "text",
      why: "terminal block with no `$ ` prompt",
      changes: [],
    });
  });
});

describe("classifyBlock: text fences and unlabelled blocks", () => {
  it.each([
    "text",
    "txt",
    "plain",
    "plaintext",
    "markdown",
    "md",
    "output",
    "log",
    "diff",
    "email",
    "mail",
    "none",
  ])("%j is text, even holding a command", (lang) => {
    expect(classifyBlock(lang, "kubectl scale d\n$ ls", 1)).toEqual({
      kind: "text",
      why: `${lang} block`,
      changes: [],
    });
  });

  it.each([
    ["Subject: Go-live\nBody", "message with a Subject: line"],
    ["To: ops\nsubject : x", "message with a Subject: line"],
    ["Hello [Name]", "message with [Placeholder] slots"],
    ["Status: [GREEN/YELLOW/RED]", "message with [Placeholder] slots"],
  ])("%j is a template", (code, why) => {
    expect(classifyBlock("", code, 1)).toEqual({ kind: "template", why, changes: [] });
    expect(classifyBlock("email", code, 1)).toEqual({ kind: "template", why, changes: [] });
  });

  it.each(["Not a Subject: line", "[name] in lower case", "[]", `[A${"x".repeat(61)}]`, "[A\nB]"])(
    "%j is no template",
    (code) => {
      expect(classifyBlock("", code, 1).kind).toBe("text");
    },
  );

  it("a slot of 61 characters is one", () => {
    expect(classifyBlock("", `[A${"x".repeat(60)}]`, 1).kind).toBe("template");
  });

  it.each(["#!/bin/bash", "#!/bin/sh", "#!/usr/bin/zsh", "#! /bin/ksh", "#!bash"])(
    "unlabelled with %j runs in bash",
    (bang) => {
      const code = `${bang}\nkubectl apply -f x`;
      const c = classifyBlock("", code, 1);
      const name = bang
        .slice(bang.lastIndexOf("/") + 1)
        .replace("#!", "")
        .trim();
      expect(c).toEqual({
        kind: "shell",
        why: `unlabelled block with #!${name}`,
        interpreter: "bash",
        script: code,
        changes: [
          {
            what: "capacity",
            command: "kubectl apply",
            action: NO_KUBE,
            line: 2,
            text: "kubectl apply -f x",
          },
        ],
      });
    },
  );

  it("a text fence's #! is still text; an unlabelled #! of another shell is text", () => {
    expect(classifyBlock("text", "#!/bin/bash\nls", 1).kind).toBe("text");
    expect(classifyBlock("", "#!/usr/bin/fish\nls", 1)).toEqual({
      kind: "text",
      why: "unlabelled block without commands",
      changes: [],
    });
    expect(classifyBlock("", "#!/bin/bashx\nls", 1).kind).toBe("text");
  });

  it("a block of comments only is no prompted block", () => {
    expect(classifyBlock("bash", "# nothing to run\n\n", 1)).toEqual({
      kind: "shell",
      why: "bash block",
      interpreter: "bash",
      script: "# nothing to run\n\n",
      changes: [],
    });
    expect(classifyBlock("", "# nothing to run\n", 1)).toEqual({
      kind: "text",
      why: "unlabelled block without commands",
      changes: [],
    });
  });

  it("unlabelled prompts run only when every command line has one", () => {
    expect(classifyBlock("", "$ ls\n$ pwd", 1)).toEqual({
      kind: "shell",
      why: "unlabelled block of `$ ` prompts (stripped)",
      interpreter: "bash",
      script: "ls\npwd",
      changes: [],
    });
    expect(classifyBlock("", "$ ls\nout", 1).kind).toBe("text");
    expect(classifyBlock("log", "$ ls\n$ pwd", 1).kind).toBe("text");
  });
});

describe("classifyBlock: other languages", () => {
  it.each(["py", "python", "python3", "py3", "Python"])("%j of command lines only is shell", (lang) => {
    expect(classifyBlock(lang, "python scripts/x.py --env prod", 1)).toEqual({
      kind: "shell",
      why: `fenced as ${lang.toLowerCase()}, but its lines are shell command lines`,
      interpreter: "bash",
      script: "python scripts/x.py --env prod",
      changes: [],
    });
  });

  it("pythonx of command lines is a program", () => {
    expect(classifyBlock("pythonx", "python x.py --a", 1).kind).toBe("program");
    expect(classifyBlock("xpy", "python x.py --a", 1).kind).toBe("program");
  });

  it.each([
    ["#!/usr/bin/env python3\nprint(1)", "python3"],
    ["#!/usr/bin/env -S node --x\nx", "node"],
    ["#!/usr/bin/env A=1 -i ruby\nx", "ruby"],
    ["#!/usr/bin/env\nx", "env"],
    ["#!/usr/bin/env -S\nx", "env"],
    ["#!\nrm -rf x", undefined],
    ["#!  \nrm -rf x", undefined],
    ["#!/usr/bin/env $(rm)\nx", "rm"],
    ["#!/usr/bin/env ;;\nx", undefined],
    ["#! /usr/local/bin/ruby -w\nputs 1", "ruby"],
    ["#!/usr/bin/python3 -u main\nx", "python3"],
    ["#!/opt/py;rm\nx", "pyrm"],
    ["#!/opt/;;;\nx", undefined],
    ["#!\nx", undefined],
    ["print(1)\n#!/bin/python", undefined],
  ])("%j: run by %j", (code, interpreter) => {
    const c = classifyBlock("python", code, 1);
    expect(c).toEqual(
      interpreter
        ? {
            kind: "program",
            why: "python block run by its #! interpreter",
            interpreter,
            script: code,
            changes: [],
          }
        : {
            kind: "program",
            why: "python block: shown, not run (name an interpreter with #! to run it)",
            changes: [],
          },
    );
  });
});

describe("blockVerdict", () => {
  const block = (over: Partial<CodeBlock>): CodeBlock => ({
    kind: "shell",
    lang: "bash",
    code: "# note\n\n  ls -la  \npwd",
    why: "bash block",
    changes: [],
    section: "s",
    position: { line: 1, column: 1, start: 0, end: 0 },
    ...over,
  });
  const change = (command: string, action: string) => ({
    what: "capacity" as const,
    command,
    action,
    line: 1,
    text: command,
  });

  it("refused: each command and each action once, in order", () => {
    const b = block({
      id: "c1",
      changes: [change("kubectl scale", "A"), change("helm upgrade", "B"), change("kubectl scale", "A")],
    });
    expect(blockVerdict(b)).toBe("REFUSED as a script (kubectl scale, helm upgrade): use A; or B");
  });

  it("runnable: the interpreter and the script's first command line, 72 characters at most", () => {
    expect(
      blockVerdict(block({ id: "c2", interpreter: "bash", script: "# c\n\n  kubectl get pods  " })),
    ).toBe("runs with bash: kubectl get pods");
    expect(blockVerdict(block({ id: "c2", interpreter: "python3" }))).toBe("runs with python3: ls -la");
    expect(blockVerdict(block({ id: "c3", interpreter: "bash", script: "x".repeat(80) }))).toBe(
      `runs with bash: ${"x".repeat(72)}`,
    );
  });

  it("not runnable: why", () => {
    expect(blockVerdict(block({ kind: "template", why: "message with a Subject: line" }))).toBe(
      "not run: message with a Subject: line",
    );
  });
});
