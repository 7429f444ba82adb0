// A writer for the kill -9 trials: takes the session (a predecessor killed with -9 left its lock),
// then appends as fast as it can, printing each acknowledgement only after append() resolved.
import { SessionStore } from "../../dist/session/store.js";

// "lazy": opened as a one-event writer (`golive note`) is, from the kept state, its events read only
// when it compacts.
const [file, who, lazy] = process.argv.slice(2);
const store = await SessionStore.open(file, {
  write: true,
  command: `chaos ${who}`,
  lazyEvents: lazy === "lazy",
});
process.stdout.write("locked\n");
for (;;) {
  const e = await store.append("note.added", { text: `${who} at ${Date.now()}` }, who);
  process.stdout.write(`ack ${e.seq}\n`);
}
