import { execFileSync } from "node:child_process";

/** The path of `bin` on PATH, or undefined when it is not installed. */
export function which(bin: string): string | undefined {
  try {
    return execFileSync("sh", ["-c", 'command -v "$1"', "sh", bin], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}
