/**
 * Shell words and where a runbook command's `{{fN}}` sits in bash's quoting. The scanner follows
 * what bash follows for this purpose: quotes, `$'…'`, backslashes, comments, `$(…)`/backticks (a
 * fresh quoting context, even inside double quotes), arithmetic, and here-documents. It lost track
 * before on an apostrophe in a `#` comment and on quotes inside `"$(…)"`, so a value was
 * word-split and glob-expanded.
 */

/** Quotes a value as one bash word. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `{{f3}}` in a runbook command: a recorded value the command uses. */
export const FIELD_REF = /\{\{\s*(f\d+)\s*\}\}/;

/**
 * Where a reference sits: `none` (an unquoted word, also inside `$(…)` or backticks), `double`
 * (inside "…" or an unquoted here-document), `single` ('…' or $'…'), `literal` (a quoted
 * here-document, where nothing expands).
 */
export type RefContext = "none" | "double" | "single" | "literal";

export interface FieldRefAt {
  id: string;
  start: number;
  end: number;
  context: RefContext;
  /** 0-based line of the reference within the code. */
  line: number;
}

type Frame =
  | { kind: "top" | "single" | "ansi" | "double" | "backtick" }
  | { kind: "sub"; depth: number }
  /** `$((…))`/`((…))`, or with `bracket` the old `$[…]` form. */
  | { kind: "arith"; depth: number; bracket?: boolean }
  | { kind: "heredoc"; delimiter: string; quoted: boolean; strip: boolean };

const WORD_START = /[\s;&|()<>]/;

/**
 * `<<WORD`: the word runs to a blank or an operator, quoted parts and all (`E'OF'`, `$END`), and
 * quoting any part of it makes the body literal. A narrower word (letters, digits, `.-`, quoted
 * whole) took `<<E'OF'` for an unquoted `E`, so the lines after its `EOF` were read as its body.
 */
const HEREDOC = /^<<(-?)[ \t]*((?:'[^'\n]*'|"[^"\n]*"|\\[^\n]|[^\s|&;()<>'"\\])+)/;

export function scanFieldRefs(code: string): FieldRefAt[] {
  const refs: FieldRefAt[] = [];
  const token = new RegExp(FIELD_REF.source, "y");
  const stack: Frame[] = [{ kind: "top" }];
  // Each with the stack's height at its `<<`: the body starts at the first newline at that level,
  // not at one inside a `$(…)` or backticks opened after it (bash reads that line as the command's).
  const pending: { delimiter: string; quoted: boolean; strip: boolean; level: number }[] = [];
  let line = 0;
  let lineStart = true;
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  // Arithmetic is unquoted too, but a newline in it starts no pending here-document (bash reads the
  // body after the command's line) and `((` in it is two parentheses, not an arithmetic command.
  const unquoted = (k: Frame["kind"]) => k === "top" || k === "sub" || k === "backtick";
  while (i < code.length) {
    const f = top();
    // A here-document body: whole lines until the delimiter line.
    if (f.kind === "heredoc" && lineStart) {
      const end = code.indexOf("\n", i);
      const text = code.slice(i, end < 0 ? code.length : end);
      if ((f.strip ? text.replace(/^\t+/, "") : text) === f.delimiter) {
        stack.pop();
        i += text.length;
        lineStart = false;
        continue;
      }
    }
    token.lastIndex = i;
    const m = token.exec(code);
    if (m) {
      const context: RefContext =
        f.kind === "single" || f.kind === "ansi"
          ? "single"
          : f.kind === "double"
            ? "double"
            : f.kind === "heredoc"
              ? f.quoted
                ? "literal"
                : "double"
              : "none";
      refs.push({ id: m[1]!, start: i, end: i + m[0].length, context, line });
      i += m[0].length;
      lineStart = false;
      continue;
    }
    const c = code[i]!;
    const next = code[i + 1];
    if (c === "\n") {
      line++;
      i++;
      lineStart = true;
      // Here-documents start on the line after their `<<WORD`, in order.
      if (unquoted(top().kind) && pending.length && stack.length <= pending[0]!.level) {
        const { delimiter, quoted, strip } = pending.shift()!;
        stack.push({ kind: "heredoc", delimiter, quoted, strip });
      }
      continue;
    }
    const prevStartsWord = i === 0 || WORD_START.test(code[i - 1]!);
    lineStart = false;
    if (f.kind === "single") {
      if (c === "'") stack.pop();
      i++;
      continue;
    }
    if (f.kind === "heredoc" && f.quoted) {
      i++;
      continue;
    }
    if (c === "\\") {
      i += 2;
      if (code[i - 1] === "\n") line++;
      continue;
    }
    if (f.kind === "ansi") {
      if (c === "'") stack.pop();
      i++;
      continue;
    }
    // `$((…))`, a `((…))` command and `$[…]` are arithmetic, where `<<` is a shift, not a here-document.
    if (c === "$" && next === "[") {
      stack.push({ kind: "arith", depth: 0, bracket: true });
      i += 2;
      continue;
    }
    const arithCommand = c === "(" && next === "(" && prevStartsWord && unquoted(f.kind);
    if ((c === "$" && next === "(" && code[i + 2] === "(") || arithCommand) {
      stack.push({ kind: "arith", depth: 0 });
      i += arithCommand ? 2 : 3;
      continue;
    }
    if (c === "$" && next === "(") {
      stack.push({ kind: "sub", depth: 0 });
      i += 2;
      continue;
    }
    if (c === "`") {
      if (f.kind === "backtick") stack.pop();
      else stack.push({ kind: "backtick" });
      i++;
      continue;
    }
    if (f.kind === "double") {
      if (c === '"') stack.pop();
      i++;
      continue;
    }
    if (f.kind === "heredoc") {
      i++;
      continue;
    }
    if (f.kind === "arith") {
      const [open, close] = f.bracket ? "[]" : "()";
      if (c === "'") stack.push({ kind: "single" });
      else if (c === '"') stack.push({ kind: "double" });
      else if (c === open) f.depth++;
      else if (c === close && f.depth > 0) f.depth--;
      // `]` ends `$[…]`. The first `)` leaves a `$(`/`(` that the next `)` closes: at once for `))`,
      // later where bash read `$((cmd) …)` as a command substitution whose first command is a subshell.
      else if (c === close) {
        if (f.bracket) stack.pop();
        else stack[stack.length - 1] = { kind: "sub", depth: 0 };
      }
      i++;
      continue;
    }
    // Unquoted: top level, inside $(…), inside backticks.
    if (c === "#" && prevStartsWord) {
      const end = code.indexOf("\n", i);
      i = end < 0 ? code.length : end;
      continue;
    }
    if (c === "$" && next === "'") {
      stack.push({ kind: "ansi" });
      i += 2;
      continue;
    }
    if (c === "'") stack.push({ kind: "single" });
    else if (c === '"') stack.push({ kind: "double" });
    else if (c === "<" && next === "<" && code[i + 2] === "<") {
      // `<<<word` is a here-string: the word is on this line, and no body follows.
      i += 3;
      continue;
    } else if (c === "<" && next === "<") {
      const h = HEREDOC.exec(code.slice(i, i + 200));
      if (h) {
        const word = h[2]!;
        pending.push({
          delimiter: word.replace(/'([^']*)'|"([^"]*)"|\\(.)/g, (_m, s, d, e) => s ?? d ?? e),
          quoted: /['"\\]/.test(word),
          strip: h[1] === "-",
          level: stack.length,
        });
        i += h[0].length;
        continue;
      }
    } else if (f.kind === "sub" && c === "(") f.depth++;
    else if (f.kind === "sub" && c === ")") {
      if (f.depth === 0) stack.pop();
      else f.depth--;
    }
    i++;
  }
  return refs;
}

/**
 * Commands that hand a string to a second shell: `sh -c "…"`, `bash -c`, `ssh host "…"`,
 * `kubectl exec … -- sh -c`, `docker exec … sh -c`, `su -c`, `eval`, `watch`, `xargs`.
 */
const NESTED_SHELL =
  /\b(?:(?:ba|z|da|k|fi|a)?sh\s+(?:-[a-z]+\s+)*-[a-z]*c\b|ssh\b|su\s+(?:-\S*\s+)*-c\b|eval\b|watch\b|xargs\b|parallel\b)/;

/** `{{fN}}` references a second shell would parse, with the shell that does. */
export function nestedShellRefs(code: string): { id: string; line: number; shell: string }[] {
  const lines = code.split("\n");
  // A command continued with `\` is one logical line.
  const logical: string[] = [];
  let acc = "";
  for (const l of lines) {
    acc += `${l}\n`;
    logical.push(acc);
    if (!/\\$/.test(l)) acc = "";
  }
  return scanFieldRefs(code).flatMap((r) => {
    const upTo = logical[r.line]!;
    const col = r.start - (code.lastIndexOf("\n", r.start - 1) + 1);
    const before = upTo.slice(0, upTo.length - lines[r.line]!.length - 1 + col);
    const m = NESTED_SHELL.exec(before);
    return m ? [{ id: r.id, line: r.line + 1, shell: m[0].trim() }] : [];
  });
}
