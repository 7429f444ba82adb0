/**
 * The closing sign-off of a record, and whether what follows it is marked as amendments (format 2
 * onwards), read one event at a time: `golive verify` feeds it a session's events as they are
 * checked, without holding them.
 */
import type { SessionEvent } from "../domain/events.js";
import { SESSION_FORMAT } from "../session/document.js";

export interface SignInfo {
  signed?: { seq: number; status: string; signer: string };
  amendments: number;
  problem?: { seq: number; text: string };
}

export class SignoffScan {
  readonly info: SignInfo = { amendments: 0 };
  private format2 = false;
  private first = true;

  /** Takes the next event; after a problem, the rest is not looked at (the first problem is the answer). */
  add(e: SessionEvent): void {
    const info = this.info;
    if (info.problem) return;
    if (this.first) {
      this.first = false;
      this.format2 = e.type === "session.created" && e.data.format === SESSION_FORMAT;
    }
    if (e.type === "session.migrated" && e.data.to === SESSION_FORMAT) this.format2 = true;
    if (e.amendment) info.amendments++;
    if (info.signed && this.format2 && !e.amendment && e.type !== "session.migrated") {
      info.problem = {
        seq: e.seq,
        text: `event #${e.seq} comes after the sign-off but is not marked as an amendment`,
      };
      return;
    }
    if (e.type === "session.signed") {
      const s = e.data.signs;
      if (s && (s.count !== e.seq - 1 || s.head !== e.prev)) {
        info.problem = {
          seq: e.seq,
          text: `the sign-off (event #${e.seq}) does not sign the events before it`,
        };
        return;
      }
      if (e.data.status !== "in-progress" && !info.signed)
        info.signed = { seq: e.seq, status: e.data.status, signer: e.data.signer };
    }
  }
}

export function signoffOf(events: readonly SessionEvent[]): SignInfo {
  const scan = new SignoffScan();
  for (const e of events) {
    scan.add(e);
    if (scan.info.problem) break;
  }
  return scan.info;
}
