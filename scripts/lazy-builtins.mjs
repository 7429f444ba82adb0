// Node built-ins that the bundles' dependencies (and one of golive's modules) require at load but use
// only on a rare path: each such import is pointed at a stand-in in scripts/ that loads the real
// module on first use. Before this, `golive open` loaded node:assert (signal-exit, under Ink) and
// node:child_process with dgram and its internals (commander; terminal-size, Ink's fallback for a
// size the terminal does not tell; the session lock's check of a dead holder) before its first frame
// (bench/RESULTS.md §1v). The demo's sandbox loads child_process anyway: Node's net requires cluster,
// and cluster child_process, at the first listen.
import { join } from "node:path";

const STAND_INS = [
  {
    builtin: /^(node:)?child_process$/,
    importer: /[\\/]node_modules[\\/](commander|terminal-size)[\\/]|[\\/]source[\\/]session[\\/]proc\.ts$/,
    file: "lazy-child-process.cjs",
  },
  {
    builtin: /^(node:)?assert$/,
    importer: /[\\/]node_modules[\\/]signal-exit[\\/]/,
    file: "lazy-assert.cjs",
  },
];

export const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    for (const s of STAND_INS)
      b.onResolve({ filter: s.builtin }, (args) =>
        s.importer.test(args.importer) ? { path: join(import.meta.dirname, s.file) } : undefined,
      );
  },
};
