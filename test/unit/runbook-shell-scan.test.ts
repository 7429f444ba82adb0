/**
 * simpleCommands, the scanner golive's refusal of traffic and capacity commands stands on: each
 * script's commands with their exact line, text as written and words, so a miscounted line or a
 * command swallowed as data shows. Pure and in memory (milliseconds), for runbook-shell-scan's mutants.
 */
import { describe, expect, it } from "vitest";
import { trafficChanges } from "../../source/runbook/changes.js";
import { simpleCommands } from "../../source/runbook/shell-scan.js";

/** line · text · words of every simple command, in the order the scanner reports them. */
const scan = (script: string, firstLine?: number) =>
  simpleCommands(script, firstLine).map((c) => [c.line, c.text, c.words]);

describe("simpleCommands: operators, comments, quotes and continuations", () => {
  it.each<[string, string, number | undefined, unknown[]]>([
    [
      "empty commands and a bare redirection are no command; the line counts on",
      "a ;; b\n;\n<\nc",
      undefined,
      [
        [1, "a", ["a"]],
        [1, "b", ["b"]],
        [4, "c", ["c"]],
      ],
    ],
    [
      "a single-quoted string is one word, whatever it holds, and its newline counts",
      "echo 'a;b\n#c $(x) \\' ; ls",
      5,
      [
        [5, "echo 'a;b\n#c $(x) \\'", ["echo", "a;b\n#c $(x) \\"]],
        [6, "ls", ["ls"]],
      ],
    ],
    [
      "a continuation joins two lines into one command at the first",
      "a \\\n  b\nc",
      undefined,
      [
        [1, "a    b", ["a", "b"]],
        [3, "c", ["c"]],
      ],
    ],
    [
      "an escaped operator is a word; a trailing backslash is kept",
      "echo \\; ls\necho \\",
      undefined,
      [
        [1, "echo \\; ls", ["echo", ";", "ls"]],
        [2, "echo \\", ["echo", ""]],
      ],
    ],
    [
      "a double-quoted string keeps its operators, and a $(…) in it is still a command",
      'echo "a;b\n$(inner) c" ; d',
      undefined,
      [
        [2, "inner", ["inner"]],
        [1, 'echo "a;b\n$(…) c"', ["echo", "a;b\n$(…) c"]],
        [2, "d", ["d"]],
      ],
    ],
    [
      "a comment starts only at a word's start",
      "x # c1\n# c2 ; y\na#b;c # end",
      undefined,
      [
        [1, "x", ["x"]],
        [3, "a#b", ["a#b"]],
        [3, "c", ["c"]],
      ],
    ],
    [
      "2>&1 and &>file are redirections; & | ( ) { } end commands",
      "ls 2>&1 &>f & bg | p ( sub ) { grp; }",
      undefined,
      [
        [1, "ls 2>&1 &>f", ["ls", "2", "1", "f"]],
        [1, "bg", ["bg"]],
        [1, "p", ["p"]],
        [1, "sub", ["sub"]],
        [1, "grp", ["grp"]],
      ],
    ],
    [
      "a brace inside a word is the word's",
      "echo {a,b} x{y}\n{ z; }",
      undefined,
      [
        [1, "echo", ["echo"]],
        [1, "a,b} x{y}", ["a,b}", "x{y}"]],
        [2, "z", ["z"]],
      ],
    ],
    [
      "&& and || separate commands",
      "a && b || c",
      undefined,
      [
        [1, "a", ["a"]],
        [1, "b", ["b"]],
        [1, "c", ["c"]],
      ],
    ],
  ])("%s", (_what, script, first, expected) => {
    expect(scan(script, first)).toEqual(expected);
  });
});

describe("simpleCommands: substitutions", () => {
  it.each<[string, string, unknown[]]>([
    [
      "$(…) over two lines: its commands first, at their lines; the outer one keeps its line",
      "echo $(kubectl get\npods) done\nnext",
      [
        [1, "kubectl get", ["kubectl", "get"]],
        [2, "pods", ["pods"]],
        [1, "echo $(…) done", ["echo", "$", "…", "done"]],
        [3, "next", ["next"]],
      ],
    ],
    [
      "backticks, the same",
      "echo `helm ls\n-a` end\nafter",
      [
        [1, "helm ls", ["helm", "ls"]],
        [2, "-a", ["-a"]],
        [1, "echo $(…) end", ["echo", "$", "…", "end"]],
        [3, "after", ["after"]],
      ],
    ],
    [
      "an unclosed backtick runs to the end",
      "echo `unclosed\nmore",
      [
        [1, "unclosed", ["unclosed"]],
        [2, "more", ["more"]],
        [1, "echo $(…)", ["echo", "$", "…"]],
      ],
    ],
    [
      "$((…)) is arithmetic, no command, even with parentheses inside",
      "echo $((2*(3+4))) $(f (x)) y",
      [
        [1, "f", ["f"]],
        [1, "x", ["x"]],
        [1, "echo $((…)) $(…) y", ["echo", "$", "…", "$", "…", "y"]],
      ],
    ],
  ])("%s", (_what, script, expected) => {
    expect(scan(script)).toEqual(expected);
  });

  it.each<[string, string, unknown[]]>([
    [
      "a newline just before the closing ) or ` counts",
      "echo $(a\n)\ny\necho `b\n` c\nd",
      [
        [1, "a", ["a"]],
        [1, "echo $(…)", ["echo", "$", "…"]],
        [3, "y", ["y"]],
        [4, "b", ["b"]],
        [4, "echo $(…) c", ["echo", "$", "…", "c"]],
        [6, "d", ["d"]],
      ],
    ],
    [
      "a newline in $((…)), the last before its )) too",
      "echo $((1 +\n2)) \nx\necho $((a)\n)\ny",
      [
        [1, "echo $((…))", ["echo", "$", "…"]],
        [3, "x", ["x"]],
        [4, "echo $((…))", ["echo", "$", "…"]],
        [6, "y", ["y"]],
      ],
    ],
    [
      "a substitution right after a subshell's ( ends at its own )",
      "($(a); y) z\n($((1)); w)",
      [
        [1, "a", ["a"]],
        [1, "$(…)", ["$", "…"]],
        [1, "y", ["y"]],
        [1, "z", ["z"]],
        [2, "$((…))", ["$", "…"]],
        [2, "w", ["w"]],
      ],
    ],
    [
      "$ before a word and ( is no substitution",
      "echo $x(y) z",
      [
        [1, "echo $x", ["echo", "$x"]],
        [1, "y", ["y"]],
        [1, "z", ["z"]],
      ],
    ],
  ])("%s", (_what, script, expected) => {
    expect(scan(script)).toEqual(expected);
  });

  it("nests eight substitutions deep and no deeper", () => {
    const nested = (n: number): string => (n === 0 ? "core" : `c${n} $(${nested(n - 1)})`);
    const words = simpleCommands(nested(10)).map((c) => c.words[0]);
    expect(words).toEqual(["c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10"]);
  });

  it("backticks count toward the same depth", () => {
    const inDepth = (d: number, core: string): string =>
      d === 0 ? core : `a${d} $(${inDepth(d - 1, core)})`;
    const firsts = (s: string) => simpleCommands(s).map((c) => c.words[0]);
    expect(firsts(inDepth(7, "x `deep`"))).toContain("deep");
    expect(firsts(inDepth(8, "x `deep`"))).not.toContain("deep");
    expect(firsts(`\`${inDepth(8, "core")}\``)).toEqual([
      "a1",
      "a2",
      "a3",
      "a4",
      "a5",
      "a6",
      "a7",
      "a8",
      "$",
    ]);
  });
});

describe("simpleCommands: here-documents, here-strings and arithmetic shifts", () => {
  it.each<[string, string, unknown[]]>([
    [
      "<<- strips the tabs before the delimiter; the body is data",
      "cat <<-EOF; a\n\tkubectl scale\n\tEOF\nafter",
      [
        [1, "cat <<-EOF", ["cat", "EOF"]],
        [1, "a", ["a"]],
        [4, "after", ["after"]],
      ],
    ],
    [
      "<< does not: a tabbed delimiter is body",
      "cat <<EOF\n\tx\n\tEOF\nEOF\nb",
      [
        [1, "cat <<EOF", ["cat", "EOF"]],
        [5, "b", ["b"]],
      ],
    ],
    [
      "two here-documents on a line, quoted delimiters, bodies one after the other",
      "cat << 'END' <<\"TWO\"\nx\nEND\ny\nTWO\nz",
      [
        [1, "cat << 'END' <<\"TWO\"", ["cat", "END", "TWO"]],
        [6, "z", ["z"]],
      ],
    ],
    [
      "an unclosed body runs to the end",
      "cat <<EOF\nnever closed\nstill",
      [[1, "cat <<EOF", ["cat", "EOF"]]],
    ],
    [
      "<< with no word after it is no here-document",
      "cat <<(x)\ny",
      [
        [1, "cat <<", ["cat"]],
        [1, "x", ["x"]],
        [2, "y", ["y"]],
      ],
    ],
    [
      "<<- strips every leading tab and nothing after the word",
      "cat <<-EOF\nx\nEOF\t\ny\n\t\tEOF\nz",
      [
        [1, "cat <<-EOF", ["cat", "EOF"]],
        [6, "z", ["z"]],
      ],
    ],
    [
      "a word-less << is passed over, not a later here-document taken for it",
      "cat <<(x) <<EOF\nb\nEOF\nz",
      [
        [1, "cat <<", ["cat"]],
        [1, "x", ["x"]],
        [1, "<<EOF", ["EOF"]],
        [4, "z", ["z"]],
      ],
    ],
    ["< then a word then < is no here-string", "x <y<z", [[1, "x <y<z", ["x", "y", "z"]]]],
    [
      "a here-string has no body: the next line is a command",
      "cat <<< here; w\nv",
      [
        [1, "cat <<< here", ["cat", "here"]],
        [1, "w", ["w"]],
        [2, "v", ["v"]],
      ],
    ],
    [
      "a quoted here-string, the same",
      'cat <<<"$X" | a\nb',
      [
        [1, 'cat <<<"$X"', ["cat", "$X"]],
        [1, "a", ["a"]],
        [2, "b", ["b"]],
      ],
    ],
    [
      "a shift in $((…)) starts no body",
      "echo $((1 << 2)) x\nkubectl scale d",
      [
        [1, "echo $((…)) x", ["echo", "$", "…", "x"]],
        [2, "kubectl scale d", ["kubectl", "scale", "d"]],
      ],
    ],
    [
      "an arithmetic command is no command, and its shift starts no body",
      "((a << 1)); b\nc",
      [
        [1, "b", ["b"]],
        [2, "c", ["c"]],
      ],
    ],
    [
      "(( must open the word; a word before ( is no arithmetic",
      "a((b)) c\nx(y) z\n((a)\n); y\nw",
      [
        [1, "a", ["a"]],
        [1, "b", ["b"]],
        [1, "c", ["c"]],
        [2, "x", ["x"]],
        [2, "y", ["y"]],
        [2, "z", ["z"]],
        [4, "y", ["y"]],
        [5, "w", ["w"]],
      ],
    ],
    [
      "an arithmetic command over two lines: the next command is at its own line",
      "x; ((n <<= 1\n)) y\nz",
      [
        [1, "x", ["x"]],
        [2, "y", ["y"]],
        [3, "z", ["z"]],
      ],
    ],
  ])("%s", (_what, script, expected) => {
    expect(scan(script)).toEqual(expected);
  });

  // Before the here-string and arithmetic cases, the line after either was skipped as a here-document
  // body: a traffic command there was not refused.
  it.each([
    ["cat <<< x\nkubectl scale deploy/a --replicas=0", ["kubectl scale@2"]],
    ["echo $((1 << 2))\nhelm upgrade api ./chart", ["helm upgrade@2"]],
    ["((a << 1))\naws elbv2 modify-listener --listener-arn x", ["aws elbv2 modify-listener@2"]],
  ])("%j: the command after it is refused", (script, expected) => {
    expect(trafficChanges(script).map((c) => `${c.command}@${c.line}`)).toEqual(expected);
  });
});
