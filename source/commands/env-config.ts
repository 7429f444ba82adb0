/** Reads an environment config file; every bad field gets its own line. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { type EnvConfig, validateEnvConfig } from "../domain/config.js";
import { ExitCode, UserError } from "../domain/errors.js";
import { jsonLine } from "../domain/json-line.js";
import { parseJsonAt } from "../session/durable.js";

export async function loadEnvConfig(
  file: string,
  shown = file,
): Promise<{ config: EnvConfig; sha256: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UserError(
      `${shown}: cannot read config (${(e as NodeJS.ErrnoException).code ?? e})`,
      ExitCode.input,
      "pass --config with a golive environment config (JSON); `golive sandbox` writes one",
    );
  }
  return envConfigOf(file, text, shown);
}

/** A config whose text is in hand (the demo's, just written): validated as if read from `file`. */
export function envConfigOf(file: string, text: string, shown = file): { config: EnvConfig; sha256: string } {
  const raw = parseJsonAt(shown, text);
  const v = validateEnvConfig(raw);
  if (!v.ok) {
    throw new UserError(
      `${shown}: ${v.problems.length} problem${v.problems.length > 1 ? "s" : ""}:\n${v.problems.map((p, i) => `  ${shown}:${jsonLine(text, (v.paths?.[i] ?? []) as (string | number)[])}: ${p}`).join("\n")}`,
      ExitCode.input,
      "see checklists/environment.example.json for every field",
    );
  }
  const config = v.config;
  // A kubeconfig path in the file is relative to the file, not to wherever golive runs later.
  if (config.kubernetes?.kubeconfig && !isAbsolute(config.kubernetes.kubeconfig)) {
    config.kubernetes.kubeconfig = resolve(dirname(file), config.kubernetes.kubeconfig);
  }
  return { config, sha256: createHash("sha256").update(text).digest("hex") };
}
