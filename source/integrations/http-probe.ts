/** Health URL probes: a faster signal than 60 s metrics. Never throws; a failure is a result. */
import type { ProbePort, ProbeResult } from "../domain/ports.js";
import { httpGet } from "./http-get.js";

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
      const err = e as Error & { code?: string; errors?: { code?: string }[] };
      const reason =
        err.name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : (err.code ?? err.errors?.find((x) => x.code)?.code ?? err.message);
      return { url, status: null, ms: performance.now() - started, ok: false, error: reason };
    }
  }
}
