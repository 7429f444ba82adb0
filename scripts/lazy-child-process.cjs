// Stands in for node:child_process inside commander (see build.mjs): the module loads on first use.
module.exports = {
  spawn: (...args) => require("node:child_process").spawn(...args),
};
