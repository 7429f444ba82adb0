/**
 * The CLI's one output choke point: every string a command writes to stdout or stderr passes
 * through `terminalText`, so no runbook line, note, value, `--by` or AWS message can emit a control
 * sequence. The cockpit is the exception (Ink draws with escape sequences): it gets the raw stream
 * and makes its own data safe in its model (ui/app/safe-model.ts).
 */
import { terminalText } from "../domain/sanitize.js";

type Out = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

export function terminalSafeStream<S extends Out>(raw: S): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean =>
    (raw.write as (...a: unknown[]) => boolean)(
      typeof chunk === "string" ? terminalText(chunk) : chunk,
      ...rest,
    );
  // Everything else (isTTY, columns, once('drain'), end) is the raw stream's own.
  return new Proxy(raw, {
    get(target, key) {
      if (key === "write") return write;
      const v = Reflect.get(target, key, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
