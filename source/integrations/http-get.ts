/**
 * A plain GET over node:http(s) on kept-alive sockets, for the reads the cockpit makes on its own
 * every few seconds for as long as it is open: the sandbox clock (a read the sandbox holds until
 * its clock moves, re-asked every 10 s) and the health probes (every 5 s per arm). undici's `fetch` cost about twice the CPU per read here (its
 * AbortSignal, WHATWG streams and Headers; bench/RESULTS.md §0p), a good part of an idle cockpit.
 */
import type { Agent } from "node:http";

export interface GetResult {
  status: number;
  /** The body as text, cut at `maxBody` characters (the rest is read and dropped). */
  body: string;
}

/** Raised when the whole answer (status, headers, body) has not arrived within `timeoutMs`. */
export class GetTimeoutError extends Error {
  override name = "TimeoutError";
  constructor() {
    // fetch's own wording for an AbortSignal.timeout, which the callers' messages carried before.
    super("The operation was aborted due to timeout");
  }
}

type Scheme = "http:" | "https:";
// Free sockets follow the server's Keep-Alive hint (Node closes them before the server does); a
// reuse that still meets a socket the server just closed is retried once on a new one.
const agents = new Map<string, Agent>();
// node:http and node:https (with tls, net and the stream stack) load on the first GET, not when the
// module does: `golive status` bundles this file for a session on the sandbox clock but reads
// nothing over HTTP for most sessions, and loading them was about 11 M instructions of its start-up.
const transport = (scheme: Scheme) =>
  scheme === "https:" ? process.getBuiltinModule("node:https") : process.getBuiltinModule("node:http");
const agentFor = (scheme: Scheme, pool: string | undefined) => {
  const key = `${scheme}${pool ?? ""}`;
  let a = agents.get(key);
  if (!a) {
    a = new (transport(scheme).Agent)({ keepAlive: true, maxSockets: pool ? 1 : 4 });
    agents.set(key, a);
  }
  return a;
};

export interface GetOptions {
  timeoutMs: number;
  maxBody?: number;
  /**
   * A read held open by the server (the sandbox clock's long-poll) runs on a socket of its own,
   * named by `pool`, so it never takes one of the probes' sockets; its socket does not keep the
   * process alive, and `signal` ends it. `holdMs`: how long the server holds it when it has nothing
   * to say; that part of `timeoutMs` is waited out in one timer, and only what is left after it is
   * counted slice by slice (spendBudget).
   */
  held?: { pool: string; signal: AbortSignal; holdMs?: number };
}

export async function httpGet(url: string, o: GetOptions): Promise<GetResult> {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw Object.assign(new Error(`unsupported protocol ${u.protocol}`), {
      code: "ERR_UNSUPPORTED_PROTOCOL",
    });
  const budget = { leftMs: o.timeoutMs };
  try {
    return await getOnce(u, budget, o);
  } catch (e) {
    if (!(e as { reused?: boolean }).reused || budget.leftMs <= 0) throw e;
    return getOnce(u, budget, o);
  }
}

/** How often the wait for an answer looks at the time (at most; a quarter of a short timeout). */
const SLICE_MS = 250;

/**
 * Calls `expired` once `budget` is spent, counting only the time this process could have read an
 * answer in: a wait woken late by more than a slice (the event loop held by a frame, a GC, the
 * process not scheduled on a loaded host, the demo's in-process sandbox held with it) counts two
 * slices, not the whole stall, so one stall spends at most half the budget. Timers run before I/O
 * when a stalled loop resumes, so a plain timer called "no answer within 2000 ms" an answer that was
 * in time: a critical health alert and the gate shut by the cockpit's own stall (CI: demos beside
 * load 10–15).
 */
function spendBudget(
  budget: { leftMs: number },
  expired: () => void,
  unref: boolean,
  quietMs = 0,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let most = 0;
  const arm = () => {
    const slice = Math.max(0, Math.min(budget.leftMs, most));
    const armedAt = Date.now();
    timer = setTimeout(() => {
      budget.leftMs -= Math.min(Date.now() - armedAt, 2 * Math.max(slice, 1));
      if (budget.leftMs <= 0) expired();
      else arm();
    }, slice);
    if (unref) timer.unref();
  };
  const slices = () => {
    most = Math.max(1, Math.min(SLICE_MS, budget.leftMs / 4));
    arm();
  };
  // A held read (the sandbox clock's, always open) looked at the time four times a second for the
  // whole hold: each a wake-up of the idle cockpit (bench/RESULTS.md §1e). The hold is the server's
  // to keep, so it is waited out in one timer and taken off the budget whole, however late the
  // timer runs; a stall across its end costs nothing, and the rest is counted as any read's.
  const quiet = Math.min(quietMs, budget.leftMs - 1);
  if (quiet > 0) {
    timer = setTimeout(() => {
      budget.leftMs -= quiet;
      slices();
    }, quiet);
    if (unref) timer.unref();
  } else slices();
  return () => clearTimeout(timer);
}

function getOnce(u: URL, budget: { leftMs: number }, o: GetOptions): Promise<GetResult> {
  const scheme = u.protocol as Scheme;
  const lib = transport(scheme);
  const maxBody = o.maxBody ?? Number.POSITIVE_INFINITY;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      stopTimer();
      reject(e);
    };
    const req = lib.get(
      u,
      {
        agent: agentFor(scheme, o.held?.pool),
        headers: { accept: "*/*", "user-agent": "node" },
        signal: o.held?.signal,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          if (body.length < maxBody) body += chunk;
        });
        res.on("end", () => {
          if (settled) return;
          settled = true;
          stopTimer();
          resolve({
            status: res.statusCode ?? 0,
            body: body.length > maxBody ? body.slice(0, maxBody) : body,
          });
        });
        res.on("error", fail);
        res.on("close", () => {
          if (!res.complete) fail(Object.assign(new Error("the answer was cut off"), { code: "ECONNRESET" }));
        });
      },
    );
    if (o.held) req.on("socket", (socket) => socket.unref());
    req.on("error", (e: Error & { reused?: boolean }) => {
      // A kept socket the server closed between two reads: the request never reached it.
      if (req.reusedSocket && (e as { code?: string }).code === "ECONNRESET") e.reused = true;
      fail(e);
    });
    const stopTimer = spendBudget(
      budget,
      () => {
        const e = new GetTimeoutError();
        fail(e);
        req.destroy(e);
      },
      o.held !== undefined,
      o.held?.holdMs,
    );
  });
}

/**
 * Why a get failed, in one word where the socket gave one: its code, or the first code of an
 * AggregateError (IPv4 and IPv6 both tried), else the message.
 */
export function failureCode(e: unknown): string {
  const c = e as { code?: string; message?: string; errors?: { code?: string }[] };
  return c.code ?? c.errors?.find((x) => x.code)?.code ?? String(c.message);
}
