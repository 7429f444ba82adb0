/**
 * A watch stream, as `kubectl rollout status` and golive's informers read it: the objects as they
 * are, then ADDED/MODIFIED/DELETED lines as the controller and the clock change them.
 */
import type { ServerResponse } from "node:http";
import type { Obj } from "./object-types.js";

/** Streams `select()`'s changes until the client leaves or `timeoutSeconds` (≤ 300) runs out; `step` moves the world on first. */
export function watchStream(res: ServerResponse, url: URL, select: () => Obj[], step: () => void): void {
  res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
  const sent = new Map<string, string>();
  const push = () => {
    step();
    const now = new Map(select().map((o) => [`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o]));
    for (const [k, o] of now) {
      const { resourceVersion: _rv, ...meta } = o.metadata;
      const sig = JSON.stringify({ ...o, metadata: meta });
      const before = sent.get(k);
      if (before === sig) continue;
      sent.set(k, sig);
      res.write(`${JSON.stringify({ type: before === undefined ? "ADDED" : "MODIFIED", object: o })}\n`);
    }
    for (const k of [...sent.keys()].filter((k) => !now.has(k))) {
      sent.delete(k);
      res.write(`${JSON.stringify({ type: "DELETED", object: { metadata: { name: k.split("/")[1] } } })}\n`);
    }
  };
  push();
  // The clock (compressed in rehearsals) moves pods along without any request arriving: look often.
  const tick = setInterval(push, 200);
  tick.unref();
  const timeout = Math.min(Number(url.searchParams.get("timeoutSeconds") ?? 60), 300) * 1000;
  const t = setTimeout(() => res.end(), timeout);
  t.unref();
  res.on("close", () => {
    clearTimeout(t);
    clearInterval(tick);
  });
}
