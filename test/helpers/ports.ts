import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Below the kernel's ephemeral range: a port the kernel handed out for `listen(0)` and that was
 * closed again can be taken as the local port of any outgoing connection (an SDK client, the aws
 * CLI, moto) before the demo binds it ("port … is already in use" in CI's chaos run). Ports below
 * the range are only ever taken by a bind.
 */
function candidateRange(): [number, number] {
  let low = 32768;
  try {
    low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
  } catch {
    // Not Linux: its default range starts at 49152 (macOS), so 32768 is below it too.
  }
  return low > 12_000 ? [Math.max(10_000, low - 12_000), low - 2] : [49_152 - 12_000, 49_150];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A free loopback port whose successor is free too (the sandbox puts Kubernetes on port + 1). */
export async function freePortPair(): Promise<number> {
  const [from, to] = candidateRange();
  for (;;) {
    const port = from + Math.floor(Math.random() * (to - from));
    if ((await bindable(port)) && (await bindable(port + 1))) return port;
  }
}
