// The split build's one instance of React, Ink and the table (scripts/ui-vendor.mjs): dist/ui-vendor.cjs
// through V8's code cache. `require` is the bundle banner's, relative to dist/.
import { fileURLToPath } from "node:url";

const { loadCached } = require("./code-cache.cjs");
const loaded = loadCached(fileURLToPath(new URL("./ui-vendor.cjs", import.meta.url)));
export const vendor = loaded.exports;
// Kept at the cockpit's first frame (bin/golive.js), before the cockpit changes V8's flags: a cache
// made under other flags is rejected.
globalThis[Symbol.for("golive.keepUiVendorCache")] = loaded.keep;
// Yoga instantiates its WebAssembly before Ink can lay out a node (scripts/cockpit-bundle.mjs).
await vendor.yogaReady;
