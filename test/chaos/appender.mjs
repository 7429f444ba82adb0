// A writer for the kill -9 trials: takes the session (a predecessor killed with -9 left its lock),
// then appends as fast as it can, printing each acknowledgement only after append() resolved.
import { SessionStore } from "../../dist/session/store.js";

const [file, who] = process.argv.slice(2);
const store = await SessionStore.open(file, { write: true, command: `chaos ${who}` });
process.stdout.write("locked\n");
for (;;) {
  const e = await store.append("note.added", { text: `${who} at ${Date.now()}` }, who);
  process.stdout.write(`ack ${e.seq}\n`);
}
