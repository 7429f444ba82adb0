/**
 * The `{{fN}}` quote scanner's edges, one quoting rule of bash at a time, and the two other shell
 * helpers beside it (shellQuote, nestedShellRefs). Each context below is the one bash reads (checked
 * by rendering the command with withFieldRefs and running it in bash with a value holding blanks and
 * a glob: the value came back whole). Stryker's domain-shell run left these rules untested (63.5 %,
 * 2026-12-03 11:25 UTC): double quotes, `$'…'`, backticks inside double quotes, nested parentheses in
 * `$(…)`, here-documents inside `$(…)`, `<<"EOF"` and `<<-EOF`, a delimiter-like text that is not the
 * delimiter line, a `#` inside a word, a comment on the last line, `\` line continuations.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { nestedShellRefs, scanFieldRefs, shellQuote } from "../../source/domain/shell-quote.js";

/** Each reference as `context@line` (0-based), in order. */
const refs = (code: string) => scanFieldRefs(code).map((r) => `${r.context}@${r.line}`);

describe("shellQuote: one bash word holding exactly the value", () => {
  it("leaves a plain word bare and quotes everything else", () => {
    expect(shellQuote("v2.4.1")).toBe("v2.4.1");
    expect(shellQuote("deploy@host:/srv/app,x=1+2%")).toBe("deploy@host:/srv/app,x=1+2%");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("$(id)")).toBe("'$(id)'");
  });

  it("bash reads each quoted value back unchanged, as one word", () => {
    const values = ["v2.4.1", "a  b *", "", "it's", "$(id) `id` $HOME", "'", "x\ny", "-n", "\\"];
    const script = `printf '<%s>' ${values.map(shellQuote).join(" ")}`;
    const out = execFileSync("bash", ["-c", script], { encoding: "utf8", cwd: "/" });
    expect(out).toBe(values.map((v) => `<${v}>`).join(""));
  });
});

describe("scanFieldRefs: quotes", () => {
  it('"…" is double, and ends at its closing quote', () => {
    expect(refs('echo "a {{f1}}" {{f2}}')).toEqual(["double@0", "none@0"]);
  });

  it("'…' is single, ends at the next apostrophe, and a backslash or double quote in it is plain", () => {
    expect(refs("echo 'a {{f1}}' {{f2}}")).toEqual(["single@0", "none@0"]);
    expect(refs("echo 'it\\' {{f1}}")).toEqual(["none@0"]);
    expect(refs(`echo '"' {{f1}}`)).toEqual(["none@0"]);
  });

  it("$'…' is single, where a backslash escapes the apostrophe", () => {
    expect(refs("echo $'{{f1}}' {{f2}}")).toEqual(["single@0", "none@0"]);
    expect(refs("echo $'\\' {{f1}}'")).toEqual(["single@0"]);
  });

  it("a bare $ or an apostrophe after a letter does not start $'…'", () => {
    expect(refs("echo $x {{f1}}")).toEqual(["none@0"]);
    expect(refs("echo a'\\' {{f1}}")).toEqual(["none@0"]);
  });
});

describe("scanFieldRefs: command substitution", () => {
  it("$(…) inside double quotes is unquoted, and the quotes resume after its )", () => {
    expect(refs('echo "$(x) {{f1}}"')).toEqual(["double@0"]);
    expect(refs('echo "(x {{f1}}"')).toEqual(["double@0"]);
  });

  it("nested parentheses inside $(…) do not end it", () => {
    expect(refs('echo "$( (x) {{f1}} )"')).toEqual(["none@0"]);
    expect(refs('echo "$( (x) ) {{f1}}"')).toEqual(["double@0"]);
    // A redirection right after the parenthesis is not a here-document, and the ( still counts.
    expect(refs('echo "$( (<in cat) {{f1}} )"')).toEqual(["none@0"]);
  });

  it("backticks inside double quotes are unquoted, and the quotes resume after the closing one", () => {
    expect(refs('echo "`echo {{f1}}`"')).toEqual(["none@0"]);
    expect(refs('echo "`x` {{f1}}"')).toEqual(["double@0"]);
  });

  it("a here-document inside $(…) or backticks starts on the next line", () => {
    expect(refs('x="$(cat <<EOF\n{{f1}}\nEOF\n)" {{f2}}')).toEqual(["double@1", "none@3"]);
    expect(refs("x=`cat <<EOF\n{{f1}}\nEOF\n`")).toEqual(["double@1"]);
  });

  it("an arithmetic shift whose operand is not a word starts no here-document", () => {
    expect(refs("echo $((1<<(2))); cat <<EOF\n{{f1}}\nEOF\necho {{f1}}")).toEqual(["double@1", "none@3"]);
  });
});

describe("scanFieldRefs: here-documents", () => {
  it("a quoted delimiter ('EOF' or \"EOF\") makes the body literal, and ends at its line", () => {
    expect(refs("cat <<'EOF'\n{{f1}}\nEOF\necho {{f1}}")).toEqual(["literal@1", "none@3"]);
    expect(refs('cat <<"EOF"\n{{f1}}\nEOF\necho {{f1}}')).toEqual(["literal@1", "none@3"]);
    expect(refs("cat <<\\EOF\n{{f1}}\nEOF\necho {{f1}}")).toEqual(["literal@1", "none@3"]);
  });

  it("nothing in a quoted body is syntax: not $(, a backtick, nor a quote", () => {
    expect(refs("cat <<'EOF'\n$( ` \" x {{f1}}\nEOF\necho {{f1}}")).toEqual(["literal@1", "none@3"]);
  });

  it("an unquoted body expands $(…), which is unquoted inside", () => {
    expect(refs("cat <<EOF\n$(echo {{f1}}) {{f2}}\nEOF")).toEqual(["none@1", "double@1"]);
  });

  it("the body ends only at a line that is the delimiter, whole", () => {
    expect(refs("cat <<EOF\nxEOF\n{{f1}}\nEOF\necho {{f1}}")).toEqual(["double@2", "none@4"]);
    expect(refs("cat <<EOF\n{{f1}}EOF\n{{f2}}\nEOF")).toEqual(["double@1", "double@2"]);
    expect(refs("cat <<EOF\n\tEOF\n{{f1}}\nEOF")).toEqual(["double@2"]);
    // A << with no word after it (bash's syntax error) starts none, nor takes a later one's word.
    expect(refs("cat <<;echo {{f1}}; cat <<EOF\n{{f2}}\nEOF\necho {{f3}}")).toEqual([
      "none@0",
      "double@1",
      "none@3",
    ]);
    // The text's last line, with no newline after it, is compared whole too (to its last character).
    expect(refs("cat <<'{{f1}}'\n{{f1}}.")).toEqual(["literal@1"]);
  });

  it("<<-EOF strips leading tabs (all of them, only leading ones) from the delimiter line", () => {
    expect(refs("cat <<-EOF\n\t{{f1}}\n\t\tEOF\necho {{f1}}")).toEqual(["double@1", "none@3"]);
    expect(refs("cat <<-EOF\nEO\tF\n{{f1}}\nEOF")).toEqual(["double@2"]);
  });

  it("two here-documents on one line follow each other, and lines are counted through them", () => {
    expect(refs("cat <<A<<B\n{{f1}}\nA\n{{f2}}\nB\necho {{f3}}")).toEqual(["double@1", "double@3", "none@5"]);
    expect(refs("cat <<A; cat <<'B'\n{{f1}}\nA\n{{f2}}\nB\necho {{f3}}")).toEqual([
      "double@1",
      "literal@3",
      "none@5",
    ]);
  });
});

describe("scanFieldRefs: comments, escapes and lines", () => {
  it("# starts a comment only at the start of a word", () => {
    expect(refs("echo a#b {{f1}}")).toEqual(["none@0"]);
    expect(refs("echo a# {{f1}}")).toEqual(["none@0"]);
    expect(refs("echo #{{f1}}\necho {{f2}}")).toEqual(["none@1"]);
  });

  it("a comment on the last line, with no newline after it, ends the scan", () => {
    expect(refs("echo {{f1}} # done")).toEqual(["none@0"]);
  });

  it("a backslash-newline continues the line, and the lines after it are counted", () => {
    expect(refs("echo a \\\n{{f1}}")).toEqual(["none@1"]);
    expect(refs("echo \\$ {{f1}}")).toEqual(["none@0"]);
  });

  it("gives each reference's id, start and end in the code", () => {
    const code = "echo {{ f12 }} '{{f3}}'";
    expect(scanFieldRefs(code)).toEqual([
      { id: "f12", start: 5, end: 14, context: "none", line: 0 },
      { id: "f3", start: 16, end: 22, context: "single", line: 0 },
    ]);
  });
});

describe("nestedShellRefs: only a shell before the reference, on its logical line", () => {
  it("a shell on an earlier, finished line does not count", () => {
    expect(nestedShellRefs("ssh host ls\necho {{f1}}")).toEqual([]);
    expect(nestedShellRefs("ssh host printf 'a\\n'\necho {{f1}}")).toEqual([]);
  });

  it("a shell after the reference on its line does not count", () => {
    expect(nestedShellRefs("echo {{f1}}; eval true")).toEqual([]);
    expect(nestedShellRefs("cd /srv/app/current\necho {{f1}}; eval true")).toEqual([]);
  });

  it("a continued line counts from its first physical line, and the line is 1-based", () => {
    expect(nestedShellRefs("true\nssh host \\\n  sudo \\\n  systemctl restart {{f1}}")).toEqual([
      { id: "f1", line: 4, shell: "ssh" },
    ]);
  });
});
