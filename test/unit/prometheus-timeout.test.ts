/**
 * Prometheus's deadline covers the whole answer: a server that sends its headers and then stalls
 * the body past timeoutMs is "did not answer", one line, as one that never answers is — never a raw
 * TimeoutError from reading the body (which reached the user as an internal error).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prometheus, PrometheusError } from "../../source/integrations/prometheus.js";

let server: Server;
let url: string;
const held: (() => void)[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"status":"success","data":');
    if (req.url?.includes("whole")) return void res.end('{"resultType":"vector","result":[]}}');
    // The rest of the body only when the test ends: the client's deadline (2 s, generous for a
    // loaded machine's first fetch) passes mid-body.
    held.push(() => res.end("{}}"));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const end of held) end();
  await new Promise((r) => server.close(r));
});

const api = (prefix: string) =>
  new Prometheus({
    url: `${url}/${prefix}`,
    window: "1m",
    arms: { blue: "blue", green: "green" },
    queries: {},
    timeoutMs: 2000,
  });

describe("Prometheus's deadline", () => {
  it("a body that stalls past the deadline is 'did not answer', one line; a whole answer is read", async () => {
    await expect(api("whole").query("up")).resolves.toBeNull();
    const stalled = api("stalled").query("up");
    await expect(stalled).rejects.toThrow(PrometheusError);
    await expect(stalled).rejects.toThrow(
      /^Prometheus http:\/\/127\.0\.0\.1:\d+\/stalled did not answer within 2 s$/,
    );
  });
});
