// Ink's frame throttle for the idle cockpit (issue 14), applied by ink-patches.mjs while bundling:
// `[from, to]` pairs for its patch() and the function they call.
/**
 * Ink draws a frame at most every 1000/maxFps ms through es-toolkit's throttle (leading and
 * trailing). That throttle arms two timers after every call, the lone call included, and both wake
 * the process a window later to find nothing to draw: two wake-ups a second for the clock's frame,
 * each a few hundred µs of an idle cockpit's CPU on this VM (bench/RESULTS.md §1e). This one draws
 * the same frames at the same times: a call a window or more after the last frame draws at once; a
 * call inside the window arms one timer for the window's end, and calls meanwhile join it. It arms
 * nothing after a lone call. `flush` draws a pending frame now and `cancel` drops it, as Ink's
 * unmount asks of es-toolkit's.
 */
export const leanFrameThrottle = `
function goliveThrottle(fn, wait) {
  let last = Number.NEGATIVE_INFINITY;
  let timer;
  const run = () => {
    timer = undefined;
    last = performance.now();
    fn();
  };
  const throttled = () => {
    if (timer !== undefined) return;
    const since = performance.now() - last;
    if (since >= wait) run();
    else timer = setTimeout(run, wait - since);
  };
  throttled.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  throttled.cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return throttled;
}
`;

export const frameThrottle = [
  [
    "            const throttled = throttle(this.onRender, renderThrottleMs, {\n                leading: true,\n                trailing: true,\n            });\n",
    "            const throttled = goliveThrottle(this.onRender, renderThrottleMs);\n",
  ],
];
