import { createServer } from "node:net";

/** A free loopback port whose successor is free too (the sandbox puts Kubernetes on port + 1). */
export async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const next = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once("error", () => resolve(false))
        .listen(port + 1, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (next && port < 65000) return port;
  }
}
