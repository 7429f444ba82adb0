import type { Runbook } from "../../source/domain/runbook.js";
import { parseRunbook } from "../../source/runbook/parse.js";

const parsed = new Map<string, Runbook>();

/**
 * A runbook's parse, made once per worker for each file and text: micromark over the deployment seed
 * took ~0.3 s of CPU on every engineOnSandbox call (4.6 s of engine.test.ts's ~11) and every seed
 * session. The parse is a pure function of its inputs; kept frozen, so that code which changed a
 * runbook it was handed would throw here instead of leaking its change into the next test.
 */
export function parsedOnce(file: string, text: string, sha256: string): Runbook {
  const key = `${file}\0${sha256}`;
  let runbook = parsed.get(key);
  if (!runbook) {
    runbook = deepFreeze(parseRunbook(file, text, sha256));
    parsed.set(key, runbook);
  }
  return runbook;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
