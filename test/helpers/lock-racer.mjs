// A racer for the lock trials: on "go", tries to take the session's lock and says "won" or "lost";
// on "release", lets go. Long-lived, so a thousand trials do not pay a thousand process starts.
import { createInterface } from "node:readline";
import { SessionLock } from "../../dist/session/lock.js";

const [file, name] = process.argv.slice(2);
let held;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "go") {
    try {
      held = await SessionLock.acquire(file, `racer ${name}`);
      process.stdout.write("won\n");
    } catch (e) {
      process.stdout.write(`lost ${String(e.message).split("\n")[0]}\n`);
    }
  } else if (line === "release") {
    await held?.release();
    held = undefined;
    process.stdout.write("released\n");
  }
}
