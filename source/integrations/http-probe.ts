/** Health URL probes: a faster signal than 60 s metrics. Never throws; a failure is a result. */
import type { ProbePort, ProbeResult } from "../domain/ports.js";
import { failureCode, httpGet } from "./http-get.js";

export class HttpProbe implements ProbePort {
  async probe(url: string, timeoutMs: number): Promise<ProbeResult> {
    const started = performance.now();
    try {
      // Redirects are not followed: a health URL that redirects is answered by its 3xx, not OK.
      const res = await httpGet(url, { timeoutMs, maxBody: 500 });
      const body = res.body;
      return {
        url,
        status: res.status,
        ms: performance.now() - started,
        ok: res.status >= 200 && res.status < 300,
        body,
      };
    } catch (e) {
      const reason =
        (e as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : failureCode(e);
      return { url, status: null, ms: performance.now() - started, ok: false, error: reason };
    }
  }
}
