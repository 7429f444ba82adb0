import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The team's runbooks, the copies the repository ships (a clone has nothing beside it). */
export const SEEDS = join(ROOT, "checklists");
export const BIN = join(ROOT, "bin", "golive.js");

export function tempDir(prefix = "golive-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
