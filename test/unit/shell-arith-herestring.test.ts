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

  it("a here-document right after a one-character redirection (<.<<EOF) is not a here-string", () => {
    const code = "cat <.<<EOF\n<{{f1}}>\nEOF";
    expect(refs(code)).toEqual(["double@1"]);
    expect(bash(code)).toBe("<a  b *>\n");
  });

  it("a subshell inside a command substitution may still hold a here-document", () => {
    expect(refs('echo "$( (cat <<EOF\n{{f1}}\nEOF\n) )"')).toEqual(["double@1"]);
  });
});

describe("inside arithmetic, quotes and parentheses are read as bash reads them to find its end", () => {
  it("a ) inside quotes does not end it (bash parses them, and evaluates nothing after false &&)", () => {
    const dq = `false && echo $((")")); printf '<%s>' {{f1}}`;
    expect(refs(dq)).toEqual(["none@0"]);
    expect(bash(dq)).toBe("<a  b *>");
    const sq = `false && echo $((')')); printf '<%s>' {{f1}}`;
    expect(refs(sq)).toEqual(["none@0"]);
    expect(bash(sq)).toBe("<a  b *>");
  });

  it("a quoted operand just before the closing )) leaves the text after it unquoted", () => {
    const code = `n=2; printf '<%s>' $((1+"$n")) {{f1}}`;
    expect(refs(code)).toEqual(["none@0"]);
    expect(bash(code)).toBe("<3><a  b *>");
    expect(refs('echo "$((1))" {{f1}}')).toEqual(["none@0"]);
  });

  it("a shift after nested parentheses is still inside it", () => {
    const code = "echo $(( (1 + 2) << 1 ))\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("6\n<a  b *>");
    // `((` inside arithmetic is two parentheses, not an arithmetic command of its own.
    const twice = "echo $(( ((1) + 2) << 1 ))\nprintf '<%s>' {{f1}}";
    expect(refs(twice)).toEqual(["none@1"]);
    expect(bash(twice)).toBe("6\n<a  b *>");
  });

  it("its )) closes only itself: the command substitution around it goes on", () => {
    const code = `echo "$(echo $((1)); printf '<%s>' {{f1}})"`;
    expect(refs(code)).toEqual(["none@0"]);
    expect(bash(code)).toBe("1\n<a  b *>\n");
  });

  it("$(( or (( closed by a single ) was a subshell inside $(…) or (…), which goes on to its own )", () => {
    const sub = `echo "$((echo a) ; printf '<%s>' {{f1}})" {{f1}}`;
    expect(refs(sub)).toEqual(["none@0", "none@0"]);
    expect(bash(sub)).toBe("a\n<a  b *> a  b *\n");
    const nested = `((echo a) ; printf '<%s>' {{f1}}); cat <<EOF\n<{{f1}}>\nEOF`;
    expect(refs(nested)).toEqual(["none@0", "double@1"]);
    expect(bash(nested)).toBe("a\n<a  b *><a  b *>\n");
  });

  it("a newline inside arithmetic does not start a pending here-document: bash reads it after the line", () => {
    const code = "cat <<EOF; echo $((1 +\n2))\n<{{f1}}>\nEOF\ncat <<B\n<{{f1}}>\nB";
    expect(refs(code)).toEqual(["double@2", "double@5"]);
    expect(bash(code)).toBe("<a  b *>\n3\n<a  b *>\n");
  });
});

describe("what only looks like arithmetic is not", () => {
  it("(( inside double quotes is text, and the quotes still end where they end", () => {
    const code = `printf '<%s>' "((x))" {{f1}}`;
    expect(refs(code)).toEqual(["none@0"]);
    expect(bash(code)).toBe("<((x))><a  b *>");
  });

  it("(( at a word's start inside double quotes is no arithmetic command: an apostrophe after it is text", () => {
    const code = `printf '<%s>' " ((it's {{f1}}"`;
    expect(refs(code)).toEqual(["double@0"]);
    expect(bash(code)).toBe("< ((it's a  b *>");
  });

  it("a variable followed by ( is no $((", () => {
    const code = `printf '<%s>' "$a(b {{f1}}"`;
    expect(refs(code)).toEqual(["double@0"]);
    expect(bash(code)).toBe("<(b a  b *>");
  });
});

describe("a here-document's body starts at the newline of the command that opened it", () => {
  it("not at a newline inside a $(…) or backticks opened after its <<", () => {
    const sub = `cat <<EOF; x=$(echo 1\nprintf '<%s>' {{f1}}); echo "$x"\n<{{f1}}>\nEOF`;
    expect(refs(sub)).toEqual(["none@1", "double@2"]);
    expect(bash(sub)).toBe("<a  b *>\n1\n<a  b *>\n");
    const tick = "cat <<EOF; x=`echo 1\nprintf '<%s>' {{f1}}`; echo \"$x\"\n<{{f1}}>\nEOF";
    expect(refs(tick)).toEqual(["none@1", "double@2"]);
    expect(bash(tick)).toBe("<a  b *>\n1\n<a  b *>\n");
  });
});

describe("a here-document's delimiter is the whole word after <<", () => {
  it("quoting part of it (E'OF', \"E\"OF) quotes the body, which ends at the line EOF", () => {
    const part = "cat <<E'OF'\nx {{f1}}\nEOF\nprintf '<%s>' {{f1}}";
    expect(refs(part)).toEqual(["literal@1", "none@3"]);
    // A literal body prints the variable's name: nothing in it expands.
    expect(bash(part)).toBe(`x $${"{GOLIVE_F1}"}\n<a  b *>`);
    const lead = `cat <<"E"OF\nx\nEOF\nprintf '<%s>' {{f1}}`;
    expect(refs(lead)).toEqual(["none@3"]);
    expect(bash(lead)).toBe("x\n<a  b *>");
  });

  it("a word of other characters ($END) is a delimiter too, and leaves the body unquoted", () => {
    const code = "cat <<$END\n<{{f1}}>\n$END\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["double@1", "none@3"]);
    expect(bash(code)).toBe("<a  b *>\n<a  b *>");
  });
});

describe("the old $[…] arithmetic", () => {
  it("its shift is an operator, and brackets and parentheses inside it do not end it", () => {
    const code = "echo $[1<<2] \"$[ (1+2) << 1 ]\"; a=(5 6); echo $[ a[1] << 1 ]\nprintf '<%s>' {{f1}}";
    expect(refs(code)).toEqual(["none@1"]);
    expect(bash(code)).toBe("4 6\n12\n<a  b *>");
  });
});
