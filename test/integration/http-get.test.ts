/**
 * The cockpit's own periodic reads (the sandbox clock every second, the health probes every 5 s)
 * go over kept-alive node:http sockets instead of fetch. What each read reports must stay what it
 * was: the status and body as answered (no redirect followed), a timeout as a timeout, a refused
 * connection by its code, and a kept socket the server closed in between is not a failure.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { httpGet } from "../../source/integrations/http-get.js";
import { HttpProbe } from "../../source/integrations/http-probe.js";
import { freePortPair } from "../helpers/ports.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

async function serve(
  handler: Parameters<typeof createServer>[1],
): Promise<{ url: string; connections: () => number }> {
  let n = 0;
  server = createServer(handler);
  server.on("connection", () => n++);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => n };
}

describe("a GET on kept-alive sockets", () => {
  it("reads one after another over one connection", async () => {
    const s = await serve((_req, res) => res.end('{"ok":true}'));
    for (let i = 0; i < 5; i++)
      expect(await httpGet(`${s.url}/x`, { timeoutMs: 2000 })).toEqual({ status: 200, body: '{"ok":true}' });
    expect(s.connections()).toBe(1);
  });

  it("reads again on a new connection when the server closed the kept one in between", async () => {
    const s = await serve((_req, res) => res.end("fine"));
    expect((await httpGet(s.url, { timeoutMs: 2000 })).body).toBe("fine");
    // The server drops the idle socket without the client having seen it go yet.
    server!.closeIdleConnections();
    expect(await httpGet(s.url, { timeoutMs: 2000 })).toEqual({ status: 200, body: "fine" });
    expect(s.connections()).toBe(2);
  });

  it("says a timeout is a timeout, and gives a refused connection's code", async () => {
    const s = await serve(() => {});
    await expect(httpGet(s.url, { timeoutMs: 200 })).rejects.toMatchObject({ name: "TimeoutError" });
    const port = await freePortPair();
    await expect(httpGet(`http://127.0.0.1:${port}/`, { timeoutMs: 2000 })).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });
  });
});

describe("a health probe", () => {
  it("reports a redirect as answered, not followed, and keeps the first 500 characters of a body", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/moved") {
        res.writeHead(302, { location: "/health" });
        res.end();
      } else res.end("é".repeat(300) + "x".repeat(2000));
    });
    const probe = new HttpProbe();
    const moved = await probe.probe(`${s.url}/moved`, 2000);
    expect(moved).toMatchObject({ status: 302, ok: false });
    const ok = await probe.probe(`${s.url}/health`, 2000);
    expect(ok).toMatchObject({ status: 200, ok: true, body: "é".repeat(300) + "x".repeat(200) });
  });

  it("words a silent server and a refused connection as before", async () => {
    const s = await serve(() => {});
    const probe = new HttpProbe();
    expect(await probe.probe(s.url, 150)).toMatchObject({
      status: null,
      ok: false,
      error: "no answer within 150 ms",
    });
    const port = await freePortPair();
    expect(await probe.probe(`http://127.0.0.1:${port}/health`, 2000)).toMatchObject({
      status: null,
      ok: false,
      error: "ECONNREFUSED",
    });
  });

  it("does not blame the server for this process's own stall: an answer in time is an answer", async () => {
    // The demo's sandbox answers from the cockpit's own process, as this server answers from the test's.
    const s = await serve((_req, res) => res.end("ok"));
    const probe = new HttpProbe();
    const read = probe.probe(`${s.url}/health`, 200);
    // The event loop held past the whole timeout before the request is even sent (a frame, a GC, a
    // loaded host): the server never had the chance to answer late.
    const held = Date.now();
    while (Date.now() - held < 600) {}
    expect(await read).toMatchObject({ status: 200, ok: true, body: "ok" });
    // The timeout itself still holds when the process is free and the server silent.
    const silent = await serve(() => {});
    expect(await probe.probe(silent.url, 200)).toMatchObject({ ok: false, error: "no answer within 200 ms" });
  });
});

describe("a read the server holds (the sandbox clock's)", () => {
  const held = () => ({ pool: "test-held", signal: new AbortController().signal });

  it("waits out the hold in one timer instead of looking at the time every slice", async () => {
    const s = await serve((_req, res) => void setTimeout(() => res.end("moved"), 2000));
    const spy = vi.spyOn(globalThis, "setTimeout");
    try {
      const r = await httpGet(s.url, { timeoutMs: 3500, held: { ...held(), holdMs: 2000 } });
      expect(r).toEqual({ status: 200, body: "moved" });
      // Counted slice by slice as a plain read's budget is, the 2-s hold armed eight 250-ms timers or
      // more; now the slices start after the hold, and the answer comes within the first.
      const slices = spy.mock.calls.filter(([, ms]) => (ms ?? 0) <= 250);
      expect(slices.length).toBeLessThanOrEqual(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("takes the hold off its budget whole, so a stall across the hold's end is not a timeout", async () => {
    // The server holds for 500 ms, and this process stalls from the request's arrival until well past
    // the whole 800-ms budget: the answer was in time, and it is read.
    const s = await serve((_req, res) => {
      setTimeout(() => res.end("in time"), 500);
      const stalled = Date.now();
      while (Date.now() - stalled < 1500) {}
    });
    expect(await httpGet(s.url, { timeoutMs: 800, held: { ...held(), holdMs: 500 } })).toEqual({
      status: 200,
      body: "in time",
    });
  });

  it("still times out a server that holds past its hold and the time after it", async () => {
    const s = await serve(() => {});
    await expect(httpGet(s.url, { timeoutMs: 600, held: { ...held(), holdMs: 300 } })).rejects.toMatchObject({
      name: "TimeoutError",
    });
  });
});
