import { readFileSync } from "node:fs";
import { reduce } from "../source/domain/events.js";
const doc = JSON.parse(readFileSync("/tmp/perf/large/20261123-1200-large-0001.json", "utf8"));
const ev = doc.events;
for (let k = 0; k < 5; k++) { const t = performance.now(); reduce(ev); console.log("reduce", (performance.now() - t).toFixed(0), "ms"); }
import { apply, initialState } from "../source/domain/events.js";
{
  const t = performance.now();
  let s = initialState(ev[0]);
  let spread = 0;
  for (let i = 1; i < ev.length; i++) { const t1 = performance.now(); const x = { ...s, lastSeq: 1, head: "x" }; spread += performance.now() - t1; s = apply(s, ev[i], true); }
  console.log("loop", (performance.now() - t).toFixed(0), "spread alone", spread.toFixed(0));
  console.log(Object.keys(s));
}
