/** Keys from Ink, one at a time, each seen by the render that follows the previous one. */
import { type Key, useInput } from "ink";
import { useEffect, useReducer, useRef } from "react";
import { keyOf } from "../app/keys.js";

/**
 * Ink re-subscribes useInput in an effect, so a key that arrives right after a render would see the
 * previous render's state (Esc closes a dialog, the next key still finds it open). Keys go through a
 * ref that every render updates instead.
 *
 * Ink hands over keys typed faster than it reads them (a fast typist, a laggy SSH link) as one
 * string, like a paste; as one string they match no binding and were silently dropped, "R" then "y"
 * included. Outside a text field a burst is split into keys, each handled after the previous one has
 * rendered, so "y" sees the dialog "R" opened (and "a" twice sees the first acknowledgement). Inside
 * a text field it stays a paste.
 */
export function useKeys(onKey: (input: string, key: Key) => void, typingNow: () => boolean): void {
  const handler = useRef(onKey);
  handler.current = onKey;
  const typing = useRef(typingNow);
  typing.current = typingNow;
  const queued = useRef<[string, Key][]>([]);
  const [, drainKeys] = useReducer((n: number) => n + 1, 0);
  useInput((input, key) => {
    const many = [...input].length > 1 && !key.ctrl && !key.meta;
    const burst = many && !typing.current();
    // Text then Enter in one read (typed fast over SSH, or pasted with its newline): the text stays a
    // paste, the Enter is a key of its own, and what follows is split like any burst.
    const enter = many && !burst ? input.search(/[\r\n]/) : -1;
    if (!burst && enter < 0 && queued.current.length === 0) {
      handler.current(input, key);
      return;
    }
    if (enter >= 0)
      queued.current.push(
        ...(enter > 0 ? [[input.slice(0, enter), key] as [string, Key]] : []),
        ...[...input.slice(enter)].map((ch) => keyOf(ch, key)),
      );
    else
      queued.current.push(
        ...(burst ? [...input].map((ch) => keyOf(ch, key)) : [[input, key] as [string, Key]]),
      );
    drainKeys();
  });
  useEffect(() => {
    const next = queued.current.shift();
    if (!next) return;
    handler.current(...next);
    if (queued.current.length) drainKeys();
  });
}
