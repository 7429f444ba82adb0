/**
 * `<<` that is not a here-document: a here-string (`<<<word`) and an arithmetic shift (`$((a << 2))`,
 * `((a <<= 1))`). The scanner read both as a here-document's start, so a `{{fN}}` on the lines after
 * was classed as inside an unquoted body and written bare, where bash reads it as an unquoted word:
 * word-split and globbed. Each case is checked against bash itself: rendered with withFieldRefs and
 * run with a value holding blanks and a glob, the value must come back whole.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { scanFieldRefs } from "../../source/domain/shell-quote.js";
import { withFieldRefs } from "../../source/engine/check-fields.js";

const refs = (code: string) => scanFieldRefs(code).map((r) => `${r.context}@${r.line}`);
const VALUE = "a  b *";
/**
 * What bash prints for the command, `{{f1}}` holding `value`, run in / (a glob would match there).
 * stdin is /dev/null, as golive's own runs have it (integrations/shell.ts): `bash -c` with a socket
 * for stdin and no SHLVL takes itself for rshd's child and sources ~/.bashrc, 2–4 s a command on a
 * machine whose .bashrc starts pyenv, and whatever that file sets.
 */
const bash = (code: string, value = VALUE) =>
  execFileSync("bash", ["-c", withFieldRefs(code)], {
    encoding: "utf8",
    cwd: "/",
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", GOLIVE_F1: value },
  });

describe("<< that starts no here-document", () => {
  it("a here-string's word is on its own line, and the next line is plain shell", () => {
    const code = "cat <<<EOF\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("EOF\n<a  b *>");
  });

  it("a quoted here-string is one word too", () => {
    expect(refs("cat <<< 'x'\nprintf '<%s>' {{f1}}")).toEqual(["none@1"]);
    expect(refs("cat <<<\"$X\"\nprintf '<%s>' {{f1}}")).toEqual(["none@1"]);
  });

  it("an arithmetic expansion's shift is an operator", () => {
    const code = "echo $((1 << 2))\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("4\n<a  b *>");
    expect(refs('echo "$((1<<2))"\nprintf "<%s>" {{f1}}')).toEqual(["none@1"]);
  });

  it("an arithmetic command's shift is an operator", () => {
    const code = "x=1; ((x = x << 3)); echo $x\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("8\n<a  b *>");
  });

  it("nested parentheses inside arithmetic do not end it early", () => {
    const code = "echo $(( (1 << 2) + (3) ))\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("7\n<a  b *>");
  });

  it("a reference inside arithmetic is a quoted word bash evaluates", () => {
    expect(refs("echo $(( {{f1}} + 1 ))")).toEqual(["none@0"]);
    expect(bash("echo $(( {{f1}} + 1 ))", "41")).toBe("42\n");
  });
});

describe("here-documents after arithmetic and here-strings still start", () => {
  it("a here-document after an arithmetic expansion on its line", () => {
    const code = "echo $((1<<2)); cat <<EOF\n<{{f1}}>\nEOF\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["double@1", "none@3"]);
    expect(bash(code)).toBe("4\n<a  b *>\n<a  b *>");
  });

  it("a here-document after a here-string on its line", () => {
    const code = "cat <<<x; cat <<EOF\n<{{f1}}>\nEOF\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["double@1", "none@3"]);
    expect(bash(code)).toBe("x\n<a  b *>\n<a  b *>");
  });

  it("a subshell inside a command substitution may still hold a here-document", () => {
    expect(refs('echo "$( (cat <<EOF\n{{f1}}\nEOF\n) )"')).toEqual(["double@1"]);
  });
});

/**
 * Each: what it shows, the command, the contexts the scanner gives its references (`context@line`,
 * 0-based) as bash reads them, and what bash prints running it with {{f1}} holding "a  b *".
 */
const AS_BASH_READS: [string, string, string[], string][] = [
  // Inside arithmetic, quotes and parentheses are read as bash reads them to find its end.
  [
    'a ")" in $((…)) does not end it (nothing after false && is evaluated)',
    `false && echo $((")")); printf '<%s>' {{f1}}`,
    ["none@0"],
    "<a  b *>",
  ],
  ["a ')' in $((…)) does not end it", `false && echo $((')')); printf '<%s>' {{f1}}`, ["none@0"], "<a  b *>"],
  [
    "a quoted operand just before the closing )) leaves the text after it unquoted",
    `n=2; printf '<%s>' $((1+"$n")) {{f1}}`,
    ["none@0"],
    "<3><a  b *>",
  ],
  [
    "a shift after nested parentheses is still inside it",
    "echo $(( (1 + 2) << 1 ))\nprintf '<%s>' {{f1}}",
    ["none@1"],
    "6\n<a  b *>",
  ],
  [
    "(( inside arithmetic is two parentheses, not an arithmetic command",
    "echo $(( ((1) + 2) << 1 ))\nprintf '<%s>' {{f1}}",
    ["none@1"],
    "6\n<a  b *>",
  ],
  [
    "its )) closes only itself: the $(…) around it goes on",
    `echo "$(echo $((1)); printf '<%s>' {{f1}})"`,
    ["none@0"],
    "1\n<a  b *>\n",
  ],
  [
    "$(( closed by a single ) was $( and a subshell, and goes on to its own )",
    `echo "$((echo a) ; printf '<%s>' {{f1}})" {{f1}}`,
    ["none@0", "none@0"],
    "a\n<a  b *> a  b *\n",
  ],
  [
    "(( closed by a single ) was ( and a subshell",
    `((echo a) ; printf '<%s>' {{f1}}); cat <<EOF\n<{{f1}}>\nEOF`,
    ["none@0", "double@1"],
    "a\n<a  b *><a  b *>\n",
  ],
  [
    "a newline inside arithmetic starts no pending here-document",
    "cat <<EOF; echo $((1 +\n2))\n<{{f1}}>\nEOF\ncat <<B\n<{{f1}}>\nB",
    ["double@2", "double@5"],
    "<a  b *>\n3\n<a  b *>\n",
  ],
  // What only looks like arithmetic is not.
  ["(( inside double quotes is text", `printf '<%s>' "((x))" {{f1}}`, ["none@0"], "<((x))><a  b *>"],
  [
    "(( at a word's start inside double quotes is no command: an apostrophe after it is text",
    `printf '<%s>' " ((it's {{f1}}"`,
    ["double@0"],
    "< ((it's a  b *>",
  ],
  ["a variable followed by ( is no $((", `printf '<%s>' "$a(b {{f1}}"`, ["double@0"], "<(b a  b *>"],
  // The old $[…] arithmetic.
  [
    "$[…]'s shift is an operator, and brackets and parentheses inside it do not end it",
    "echo $[1<<2] \"$[ (1+2) << 1 ]\"; a=(5 6); echo $[ a[1] << 1 ]\nprintf '<%s>' {{f1}}",
    ["none@1"],
    "4 6\n12\n<a  b *>",
  ],
  [
    "$[…] ends at its ], and double quotes around it go on",
    `printf '<%s>' "$[1] (x) {{f1}}"`,
    ["double@0"],
    "<1 (x) a  b *>",
  ],
  [
    "a here-document after $[…] still starts",
    "echo $[1]; cat <<EOF\n<{{f1}}>\nEOF",
    ["double@1"],
    "1\n<a  b *>\n",
  ],
  ["a [ after another character is no $[", ": x[ ; cat <<EOF\n<{{f1}}>\nEOF", ["double@1"], "<a  b *>\n"],
  // A here-document's body starts at the newline of the command that opened it.
  [
    "not at a newline inside a $(…) opened after its <<",
    `cat <<EOF; x=$(echo 1\nprintf '<%s>' {{f1}}); echo "$x"\n<{{f1}}>\nEOF`,
    ["none@1", "double@2"],
    "<a  b *>\n1\n<a  b *>\n",
  ],
  [
    "nor inside backticks opened after it",
    "cat <<EOF; x=`echo 1\nprintf '<%s>' {{f1}}`; echo \"$x\"\n<{{f1}}>\nEOF",
    ["none@1", "double@2"],
    "<a  b *>\n1\n<a  b *>\n",
  ],
  [
    "a one-character redirection before << (<.<<EOF) makes no here-string",
    "cat <.<<EOF\n<{{f1}}>\nEOF",
    ["double@1"],
    "<a  b *>\n",
  ],
  // A here-document's delimiter is the whole word after <<; quoting any part of it quotes the body.
  [
    "<<E'OF' is quoted, and its body ends at EOF (a literal body prints the variable's name)",
    "cat <<E'OF'\nx {{f1}}\nEOF\nprintf '<%s>' {{f1}}",
    ["literal@1", "none@3"],
    `x $${"{GOLIVE_F1}"}\n<a  b *>`,
  ],
  [
    '<<"E"OF is quoted, and its body ends at EOF',
    `cat <<"E"OF\nx\nEOF\nprintf '<%s>' {{f1}}`,
    ["none@3"],
    "x\n<a  b *>",
  ],
  [
    "<<$END: a word of other characters is a delimiter too, and leaves the body unquoted",
    "cat <<$END\n<{{f1}}>\n$END\nprintf '<%s>' {{f1}}",
    ["double@1", "none@3"],
    "<a  b *>\n<a  b *>",
  ],
];

describe("the scanner reads each command as bash does", () => {
  it.each(AS_BASH_READS)("%s", (_what, code, contexts, printed) => {
    expect(refs(code)).toEqual(contexts);
    expect(bash(code)).toBe(printed);
  });

  it("double quotes around $((…)) go on after it", () => {
    expect(refs('echo "$((1))" {{f1}}')).toEqual(["none@0"]);
  });
});
