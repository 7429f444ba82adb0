// Child process for the durability test: appends notes as fast as it can and prints each
// acknowledgement only after append() resolved (i.e. after fsync). The parent kill -9s it.
import { SessionStore } from "../../dist/session/store.js";

const [file] = process.argv.slice(2);
const store = await SessionStore.open(file, { write: true, command: "appender" });
let n = store.events.length;
for (;;) {
  n++;
  await store.append("note.added", { text: `note ${n}` }, "child");
  process.stdout.write(`ack ${n}\n`);
}
