/** Health URL probes: a faster signal than 60 s metrics. Never throws; a failure is a result. */
import type { ProbePort, ProbeResult } from "../domain/ports.js";

export class HttpProbe implements ProbePort {
  async probe(url: string, timeoutMs: number): Promise<ProbeResult> {
    const started = performance.now();
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
      const body = (await res.text()).slice(0, 500);
      return {
        url,
        status: res.status,
        ms: performance.now() - started,
        ok: res.status >= 200 && res.status < 300,
        body,
      };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const reason =
        err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (err.cause?.code ?? err.message);
      return { url, status: null, ms: performance.now() - started, ok: false, error: reason };
    }
  }
}
