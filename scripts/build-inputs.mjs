// What dist/ is made from (build.mjs): the sources, the build scripts and their patches, the shipped
// checklists it parses, and the locked dependencies it bundles. build.mjs stamps their hash into
// dist/ when it finishes; the test suite's global setup rebuilds only when the stamp differs.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const BUILD_STAMP = ".build-inputs";

export function buildInputs(root) {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    ))
      if (e.isDirectory()) walk(join(dir, e.name));
      else hash.update(`${join(dir, e.name)}\0`).update(readFileSync(join(root, dir, e.name)));
  };
  for (const d of ["source", "scripts", "checklists"]) walk(d);
  for (const f of ["package.json", "package-lock.json", "tsconfig.json"])
    hash.update(`${f}\0`).update(readFileSync(join(root, f)));
  return hash.digest("hex");
}

/** dist/ holds a finished build of exactly these inputs. */
export function builtFrom(root, key = buildInputs(root)) {
  const stamp = join(root, "dist", BUILD_STAMP);
  return existsSync(stamp) && readFileSync(stamp, "utf8") === key;
}
