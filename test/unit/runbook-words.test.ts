/**
 * The small scanners under the runbook's shell scan (runbook/shell-words.ts, command-words.ts): how
 * a command's words are found, what wraps the real command, which words are positional and what an
 * option's value is. A mistake here hides a traffic or capacity change from the refusal to run it.
 */
import { describe, expect, it } from "vitest";
import { basename, mentions, optionValue, positional, unwrap } from "../../source/runbook/command-words.js";
import { parseRunbook } from "../../source/runbook/parse.js";
import { countLines, matchingParen, wordsOf } from "../../source/runbook/shell-words.js";

describe("shell words", () => {
  it("counts newlines only", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("ab\n\ncd")).toBe(2);
  });

  it("finds the closing parenthesis past nested ones, quotes and escapes", () => {
    expect(matchingParen("(a (b) c) d", 0)).toBe(8);
    expect(matchingParen("x $(echo ')' \")\" \\) y) z", 3)).toBe(21);
    // An escaped quote inside double quotes does not end them.
    expect(matchingParen('( "a\\")" ) b', 0)).toBe(9);
    // A backslash inside single quotes is a plain character: the quote still ends there.
    expect(matchingParen("( 'a\\' ) b", 0)).toBe(7);
    // Never closed: the end of the text.
    expect(matchingParen("(a (b)", 0)).toBe(6);
  });

  it("a command's words: variables kept as written, globs as their pattern, operators dropped", () => {
    expect(wordsOf("aws ecs update-service --cluster $CLUSTER > out.txt")).toEqual([
      "aws",
      "ecs",
      "update-service",
      "--cluster",
      "$CLUSTER",
      "out.txt",
    ]);
    expect(wordsOf("ls *.json | wc -l")).toEqual(["ls", "*.json", "wc", "-l"]);
    // Text the shell parser refuses ("Bad substitution") is split at white space instead.
    expect(wordsOf("aws  ${x\tdeploy")).toEqual(["aws", "${x", "deploy"]);
  });

  it("a # inside a word is bash's literal #: outside quotes, after quotes, escapes and expansions", () => {
    // The scanner cuts comments (a # at a word's start) before wordsOf sees the command.
    expect(wordsOf("x=1#2 kubectl scale")).toEqual(["x=1#2", "kubectl", "scale"]);
    expect(wordsOf("echo 'a#b' \"c#d\" 'e'#f")).toEqual(["echo", "a#b", "c#d", "e#f"]);
    // An escaped quote inside double quotes does not end them; a backslash outside escapes one character.
    expect(wordsOf('echo "a\\"#b" c\\#d e\\\\#f')).toEqual(["echo", 'a"#b', "c#d", "e\\#f"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
    expect(wordsOf("echo ${A#b}c#d")).toEqual(["echo", "$A#bc#d"]);
    // A backslash inside single quotes is literal and the quote ends there; quotes still group words.
    expect(wordsOf("echo 'a\\'#b 'c d' \"e f\"")).toEqual(["echo", "a\\#b", "c d", "e f"]);
    // Only `${` opens an expansion: `{…}` and `$A` alone do not.
    expect(wordsOf("echo a{#}b $A#b")).toEqual(["echo", "a{#}b", "$A#b"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, on purpose
    expect(wordsOf("echo ${A#}x")).toEqual(["echo", "$A#x"]);
    // A backslash at the very end escapes nothing.
    expect(wordsOf("echo a\\")).toEqual(["echo", "a"]);
    expect(wordsOf('echo "a\\')).toEqual(["echo", "a"]);
    // Never closed: left to shell-quote as it is.
    expect(wordsOf("echo ${A#b")).toEqual(["echo", "${A#b"]);
  });
});

describe("command words", () => {
  it("drops assignments and wrappers with their options and values", () => {
    expect(unwrap(["A=1", "B_2=x", "aws", "s3", "ls"])).toEqual(["aws", "s3", "ls"]);
    expect(unwrap(["sudo", "-u", "root", "-E", "/usr/bin/kubectl", "scale"])).toEqual([
      "/usr/bin/kubectl",
      "scale",
    ]);
    expect(unwrap(["timeout", "-s", "KILL", "30", "env", "X=1", "helm", "upgrade"])).toEqual([
      "helm",
      "upgrade",
    ]);
    expect(unwrap(["timeout", "-k", "5", "--foreground", "30", "aws", "x"])).toEqual(["aws", "x"]);
    expect(unwrap(["timeout", "--signal=KILL", "30", "aws", "x"])).toEqual(["aws", "x"]);
    expect(unwrap(["watch", "-n", "5", "kubectl", "get", "pods"])).toEqual(["kubectl", "get", "pods"]);
    expect(unwrap(["nice", "-n", "10", "nohup", "aws", "x"])).toEqual(["aws", "x"]);
    // A word that only looks like a wrapper or an assignment is the command.
    expect(unwrap(["sudoers", "-u", "x"])).toEqual(["sudoers", "-u", "x"]);
    expect(unwrap(["1A=x", "aws"])).toEqual(["1A=x", "aws"]);
    expect(unwrap([])).toEqual([]);
    // A wrapper with nothing after it wraps nothing.
    expect(unwrap(["sudo"])).toEqual([]);
    expect(unwrap(["timeout"])).toEqual([]);
  });

  it("positional words skip options and the values of options that take one", () => {
    const opts = new Set(["--region", "-n"]);
    expect(positional(["--region", "eu-west-1", "ecs", "-v", "update-service", "x"], opts, 2)).toEqual([
      "ecs",
      "update-service",
    ]);
    expect(positional(["-n", "prod", "scale"], opts, 2)).toEqual(["scale"]);
    expect(positional(["a", "b", "c"], opts, 1)).toEqual(["a"]);
  });

  it("an option's value, spaced or after =", () => {
    expect(optionValue(["--desired-count", "0"], "--desired-count")).toBe("0");
    expect(optionValue(["--desired-count=3"], "--desired-count")).toBe("3");
    expect(optionValue(["--desired-countx=3", "--desired"], "--desired-count")).toBeUndefined();
    expect(optionValue(["--desired-count"], "--desired-count")).toBeUndefined();
  });

  it("mentions and basename", () => {
    expect(mentions(["svc-blue", "x"], /blue/)).toBe(true);
    expect(mentions(["svc-green"], /blue/)).toBe(false);
    expect(basename("/usr/local/bin/aws")).toBe("aws");
    expect(basename("aws")).toBe("aws");
  });
});

/** What golive finds a block of `${wrap} aws elbv2 modify-listener …` to change. */
const changesBehind = (wrap: string) =>
  parseRunbook(
    "r.md",
    `# R\n\n- [ ] x\n\n\`\`\`sh\n${wrap} aws elbv2 modify-listener --listener-arn x\n\`\`\`\n`,
    "0",
  ).commands[0]?.changes.map((c) => c.what);

describe("a traffic change behind `timeout` with a signal", () => {
  it("is still found, so golive refuses to run the block as a script", () => {
    for (const wrap of ["timeout 30", "timeout -s KILL 30", "timeout -k 5 30", "timeout --signal=KILL 30"])
      expect(changesBehind(wrap), wrap).toEqual(["traffic"]);
  });
});

describe("a traffic change behind a wrapper's flags", () => {
  it("is found whatever letters the wrapper's flags share with another's valued options", () => {
    // `-n`, `-k` and `-s` take a value for nice, timeout and xargs, but are flags to sudo.
    for (const wrap of ["sudo -n", "sudo -k", "sudo -s", "sudo -n -u deploy", "xargs -0 -n 1", "env -i"])
      expect(changesBehind(wrap), wrap).toEqual(["traffic"]);
  });
});
