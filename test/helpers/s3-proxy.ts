/**
 * A TCP proxy in front of moto that a test switches off and on: "reset" closes every connection at
 * once (S3 unreachable, fast), "hang" accepts and never answers (S3 hung: golive's timeouts decide),
 * "up" forwards. The port stays the same, as a real endpoint's does through an outage.
 */
import { connect, createServer, type Socket } from "node:net";

export type ProxyMode = "up" | "reset" | "hang";

export async function s3Proxy(target: string) {
  const { hostname, port } = new URL(target);
  let mode: ProxyMode = "up";
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => {});
    if (mode === "reset") return void client.resetAndDestroy();
    if (mode === "hang") return;
    const upstream = connect(Number(port), hostname);
    open.add(upstream);
    upstream.on("close", () => open.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    /** Switches the mode; connections already open (keep-alive) are cut so the new mode is felt at once. */
    set(next: ProxyMode) {
      mode = next;
      for (const s of open) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}
