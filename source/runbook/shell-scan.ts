/**
 * Splits a shell script into its simple commands, so that a command is judged by its words and
 * not by a regex over a whole line: `# kubectl scale` in a comment, `echo "helm upgrade"` or a
 * here-document body are not commands; `sudo kubectl -n x scale …`, `a && kubectl apply …`,
 * `$(kubectl patch …)` and `bash -c "helm rollback …"` are. The structure (lines, continuations,
 * operators, substitutions, here-documents, comments) is scanned here; the words of each simple
 * command come from shell-quote, which does quote removal and escapes.
 */
import { countLines, matchingParen, wordsOf } from "./shell-words.js";

export interface SimpleCommand {
  /** The command's words after quote removal; `$VAR` and `$(…)` are kept as written. */
  words: string[];
  /** 1-based line of the script where the command starts. */
  line: number;
  /** The command as written (continuations joined), for messages. */
  text: string;
}

const MAX_DEPTH = 8;

export function simpleCommands(script: string, firstLine = 1, depth = 0): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let buf = "";
  let bufLine = firstLine;
  let line = firstLine;
  let quote: "'" | '"' | undefined;
  /** Here-document delimiters met on the current line; their bodies start after it. */
  let pendingHeredocs: { word: string; stripTabs: boolean }[] = [];

  const flush = () => {
    const text = buf.trim();
    if (text) {
      const words = wordsOf(text);
      if (words.length) out.push({ words, line: bufLine, text });
    }
    buf = "";
    bufLine = line;
  };
  const atWordStart = () => buf === "" || /[\s;&|()]$/.test(buf);

  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote === "'") {
      buf += c;
      if (c === "'") quote = undefined;
      if (c === "\n") line++;
      continue;
    }
    if (c === "\\") {
      const next = script[i + 1];
      if (next === "\n") {
        // A continuation: the command goes on on the next line.
        buf += " ";
        line++;
        i++;
        continue;
      }
      buf += c + (next ?? "");
      i++;
      continue;
    }
    if (c === "$" && script[i + 1] === "(" && script[i + 2] === "(") {
      // `$((…))` is arithmetic: no command inside, and its `<<` is a shift, not a here-document.
      const end = matchingParen(script, i + 1);
      buf += "$((…))";
      line += countLines(script.slice(i, end + 1));
      i = end;
      continue;
    }
    if (c === "$" && script[i + 1] === "(") {
      const end = matchingParen(script, i + 1);
      const inner = script.slice(i + 2, end);
      if (depth < MAX_DEPTH) out.push(...simpleCommands(inner, line, depth + 1));
      buf += "$(…)";
      line += countLines(script.slice(i, end + 1));
      i = end;
      continue;
    }
    if (c === "`") {
      let end = script.indexOf("`", i + 1);
      if (end < 0) end = script.length;
      const inner = script.slice(i + 1, end);
      if (depth < MAX_DEPTH) out.push(...simpleCommands(inner, line, depth + 1));
      buf += "$(…)";
      line += countLines(script.slice(i, end + 1));
      i = end;
      continue;
    }
    if (quote === '"') {
      buf += c;
      if (c === '"') quote = undefined;
      if (c === "\n") line++;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      buf += c;
      continue;
    }
    if (c === "#" && atWordStart()) {
      while (i + 1 < script.length && script[i + 1] !== "\n") i++;
      continue;
    }
    if (c === "<" && script[i + 1] === "<" && script[i + 2] === "<") {
      // `<<<word` is a here-string: its word is on this line and no body follows.
      buf += "<<<";
      i += 2;
      continue;
    }
    if (c === "<" && script[i + 1] === "<") {
      const m = /^<<(-?)\s*(['"]?)([A-Za-z0-9_.-]+)\2/.exec(script.slice(i));
      if (m) {
        pendingHeredocs.push({ word: m[3]!, stripTabs: m[1] === "-" });
        buf += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === "\n") {
      flush();
      line++;
      bufLine = line;
      // Here-document bodies are data, not commands: skip to each delimiter line.
      for (const h of pendingHeredocs) {
        while (i + 1 < script.length) {
          const lineEnd = script.indexOf("\n", i + 1);
          const body = script.slice(i + 1, lineEnd < 0 ? undefined : lineEnd);
          i = lineEnd < 0 ? script.length : lineEnd;
          line++;
          if ((h.stripTabs ? body.replace(/^\t+/, "") : body) === h.word) break;
        }
      }
      pendingHeredocs = [];
      bufLine = line;
      continue;
    }
    if (c === "&" && (/[<>]$/.test(buf) || script[i + 1] === ">")) {
      buf += c; // 2>&1, &>file: a redirection, not a background operator
      continue;
    }
    if (c === "(" && script[i + 1] === "(" && atWordStart()) {
      // `((…))` is an arithmetic command: nothing in it runs, and `a << 1` there is a shift.
      flush();
      const end = matchingParen(script, i);
      line += countLines(script.slice(i, end + 1));
      bufLine = line;
      i = end;
      continue;
    }
    if (c === ";" || c === "&" || c === "|" || c === "(" || c === ")" || c === "{" || c === "}") {
      if ((c === "{" || c === "}") && !atWordStart()) {
        buf += c;
        continue;
      }
      flush();
      continue;
    }
    buf += c;
  }
  flush();
  return out;
}
