// Stands in for node:child_process where the bundles' importers need it only on a rare path
// (scripts/lazy-builtins.mjs): the module, with dgram and the internals it pulls in, loads on first use
// instead of before the cockpit's first frame.
const cp = () => require("node:child_process");
module.exports = {
  spawn: (...args) => cp().spawn(...args),
  execFileSync: (...args) => cp().execFileSync(...args),
};
