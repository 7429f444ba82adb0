import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder golive is installed in (the one holding its package.json, next to checklists/).
 * Found by walking up rather than by a fixed number of "..": the same code runs from source/
 * (tests), and from the bundle's chunks in dist/.
 */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === "golive")
      return dir;
    if (dirname(dir) === dir) throw new Error(`golive: no package.json of golive above ${start}`);
  }
}
