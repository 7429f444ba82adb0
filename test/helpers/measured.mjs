// Runs golive (`node measured.mjs BIN args…`) and on exit writes its own CPU time and peak RSS to
// $GOLIVE_MEASURE_OUT: what the size limits promise is per command, measured in the process itself.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const out = process.env.GOLIVE_MEASURE_OUT;
process.on("exit", () => {
  const u = process.resourceUsage();
  if (out)
    writeFileSync(
      out,
      JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS }),
    );
});
const [bin] = process.argv.splice(2, 1);
await import(pathToFileURL(bin).href);
