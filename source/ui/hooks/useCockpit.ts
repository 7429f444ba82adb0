/** The only place the UI subscribes to the session and the engine. */
import { useStdout } from "ink";
import { useEffect, useReducer, useState } from "react";
import type { CockpitModel } from "../app/model.js";

export function useModelVersion(model: CockpitModel): number {
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    const a = model.subscribe(bump);
    const b = model.subscribeMonitor(bump);
    return () => {
      a();
      b();
    };
  }, [model]);
  return version;
}

/** The injected clock, re-read every `everyMs` of real time. */
export function useNow(model: CockpitModel, everyMs = 1000): number {
  const [, tick] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    const t = setInterval(tick, everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return model.now();
}

export function useTerminalSize(fallback = { columns: 80, rows: 24 }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => {
      stdout.off("resize", onResize);
    };
  });
  return size;
}
