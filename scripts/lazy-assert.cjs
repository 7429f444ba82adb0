// Stands in for node:assert inside signal-exit (scripts/lazy-builtins.mjs), whose one use is
// assert.equal(typeof cb, "function", …) on each handler Ink registers: a check that passes costs a
// comparison here, and node:assert (with its error class's helpers) loads only to throw when it fails.
module.exports = {
  equal(actual, expected, message) {
    // Equal strictly is equal loosely too; anything else gets node:assert's own test and error.
    if (actual === expected) return;
    require("node:assert").equal(actual, expected, message);
  },
};
