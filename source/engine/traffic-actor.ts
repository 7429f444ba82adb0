/**
 * The one traffic actor: every listener write (promote, rollback, auto-rollback, ECS scale-blue, and
 * later Kubernetes) is an intent that runs here, one after another, so no two writers interleave.
 *
 * Rollback has priority. Requesting one fences every intent queued or running at that moment: a
 * fenced intent may not start a write (the check is synchronous, right before the write goes on the
 * wire, so nothing can slip between them). The rollback does not queue behind them: it waits only
 * for a write already on the wire to return, then writes — last.
 *
 * Across processes (a cockpit and a `golive rollback` in another terminal) the same order is kept by
 * a fence token (FencePort): bumped right before each listener write and read again after it.
 */
import type { EngineClock, FencePort, FenceToken } from "../domain/ports.js";

export type IntentKind = "promote" | "rollback" | "auto-rollback" | "scale-blue" | "k8s";

const isRollback = (k: IntentKind) => k === "rollback" || k === "auto-rollback";

/** An intent that a rollback overtook before it could write. Nothing was sent. */
export class FencedError extends Error {
  constructor(readonly by: "rollback" | "rollback in another process") {
    super(`superseded by a ${by} before anything was sent`);
  }
}

export interface Intent {
  readonly kind: IntentKind;
  /** True once a rollback was requested after this intent was queued (never for a rollback). */
  fenced(): boolean;
}

/** What a write learned from the fence token read again after it returned. */
export interface AfterWrite<R> {
  result: R;
  /**
   * For a promote: a rollback (in another process) bumped the fence around this write, so this write
   * may have landed after the rollback's; the caller writes the rollback's weights back.
   * For a rollback: another writer bumped the fence after this rollback did; the caller writes again.
   */
  overtaken?: FenceToken;
}

export class TrafficActor {
  private tail: Promise<unknown> = Promise.resolve();
  private rollbackTail: Promise<unknown> = Promise.resolve();
  /** Bumped by every rollback request: intents queued before it are fenced. */
  private epoch = 0;
  private onWire?: Promise<unknown>;
  private pending = 0;
  /** Bumped as each write starts: a listener read started before it cannot show that write. */
  private gen = 0;
  private lastWrite = { startedAt: Number.NEGATIVE_INFINITY, endedAt: Number.NEGATIVE_INFINITY };
  /** The fence token as this process last saw or wrote it (cross-process fencing). */
  private seen?: FenceToken;
  readonly writer: string;

  constructor(
    private o: {
      clock: EngineClock;
      fence?: FencePort;
      writer?: string;
      /** How long a rollback gives the fence file (a hung mount) before going on without it. */
      fenceTimeoutMs?: number;
      /** How long a rollback waits for its fence bump before its write goes out anyway. */
      rollbackFenceWaitMs?: number;
    },
  ) {
    this.writer = o.writer ?? `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Intents queued or running (a poll that sees one does not reconcile a pending record). */
  get busy(): boolean {
    return this.pending > 0;
  }

  get rollbackEpoch(): number {
    return this.epoch;
  }

  /** The generation of the last write started, and when it started and returned (engine clock). */
  get writes() {
    return { gen: this.gen, ...this.lastWrite };
  }

  /** Runs a non-rollback intent after every intent before it. */
  enqueue<T>(kind: Exclude<IntentKind, "rollback" | "auto-rollback">, fn: (i: Intent) => Promise<T>) {
    const epoch = this.epoch;
    const intent: Intent = { kind, fenced: () => this.epoch !== epoch };
    // After everything queued and every rollback requested so far: a promote asked for while a
    // rollback runs starts only when it is done.
    const after = Promise.all([this.tail, this.rollbackTail]);
    return this.track(
      after.then(() => fn(intent)),
      (p) => (this.tail = p),
    );
  }

  /**
   * Runs a rollback now: fences everything else, waits for a write already on the wire, and then
   * runs. Rollbacks run one after another among themselves (each writes 100/0; none fences another).
   */
  rollback<T>(kind: "rollback" | "auto-rollback", fn: (i: Intent) => Promise<T>): Promise<T> {
    this.epoch++;
    const intent: Intent = { kind, fenced: () => false };
    const run = this.rollbackTail.then(async () => {
      await this.onWire?.catch(() => {});
      return fn(intent);
    });
    return this.track(run, (p) => (this.rollbackTail = p));
  }

  private track<T>(run: Promise<T>, setTail: (p: Promise<unknown>) => void): Promise<T> {
    this.pending++;
    const done = run.finally(() => {
      this.pending--;
    });
    setTail(done.catch(() => {}));
    return done;
  }

  /** The fence as it is now; a promote's plan keeps it to learn later whether a rollback came between. */
  async fenceNow(): Promise<FenceToken | undefined> {
    if (!this.o.fence) return undefined;
    this.seen = await this.o.fence.read();
    return this.seen;
  }

  /**
   * One listener write for `intent`. Throws FencedError, sending nothing, when a rollback fenced the
   * intent (in this process, or — for a promote planned at `since` — in another one).
   */
  async write<R>(
    intent: Intent,
    since: FenceToken | undefined,
    send: () => Promise<R>,
  ): Promise<AfterWrite<R>> {
    const fence = this.o.fence;
    let mine: FenceToken | undefined;
    let bumping: Promise<FenceToken | undefined> | undefined;
    if (intent.fenced()) throw new FencedError("rollback");
    if (fence && !isRollback(intent.kind)) {
      // Write-ahead: the token is checked and bumped before the write; a failure to do so is no write.
      const now = await fence.read();
      if (since && now.rollbacks > since.rollbacks) throw new FencedError("rollback in another process");
      mine = await fence.bump(intent.kind, this.writer);
    } else if (fence) {
      // A rollback tells other writers first, but waits for the disk at most a moment (a hung mount
      // never holds it): a bump that lands after a promote's would hide the promote from it.
      bumping = fence.bump(intent.kind, this.writer).catch(() => undefined);
      mine = await this.within(bumping, this.o.rollbackFenceWaitMs ?? 250);
    }
    // The await above may have let a rollback in: checked again with nothing between it and the send.
    if (intent.fenced()) throw new FencedError("rollback");
    this.gen++;
    this.lastWrite = { startedAt: this.o.clock.now(), endedAt: Number.POSITIVE_INFINITY };
    const wire = send();
    this.onWire = wire;
    let result: R;
    try {
      result = await wire;
    } finally {
      if (this.onWire === wire) this.onWire = undefined;
      this.lastWrite = { ...this.lastWrite, endedAt: this.o.clock.now() };
    }
    if (!fence) return { result };
    if (bumping && !mine) mine = await this.within(bumping);
    const after = await this.within(fence.read().catch(() => undefined));
    if (!after) return { result };
    this.seen = after;
    if (isRollback(intent.kind)) {
      // Someone wrote after this rollback's bump (or the bump was lost): the rollback writes again.
      // Whatever the token: a bump is a read then a rename, so another writer that read the file
      // before this bump (and one before it) renames a lower token over it, and its write follows.
      if (mine && after.writer !== this.writer) return { result, overtaken: after };
      return { result };
    }
    if (mine && after.rollbacks > mine.rollbacks) return { result, overtaken: after };
    return { result };
  }

  /**
   * A write that is not the listener's (ECS scale-blue): fenced the same way, and a rollback waits
   * for it while it is on the wire, but it does not change the listener's write generation.
   */
  async other<R>(intent: Intent, send: () => Promise<R>): Promise<R> {
    if (intent.fenced()) throw new FencedError("rollback");
    const wire = send();
    this.onWire = wire;
    try {
      return await wire;
    } finally {
      if (this.onWire === wire) this.onWire = undefined;
    }
  }

  private within<T>(p: Promise<T>, ms = this.o.fenceTimeoutMs ?? 2000): Promise<T | undefined> {
    return Promise.race([
      p,
      new Promise<undefined>((r) => {
        const t = setTimeout(() => r(undefined), ms);
        t.unref?.();
      }),
    ]);
  }
}
