/** The only place the UI subscribes to the session and the engine. */
import { useStdout } from "ink";
import { useEffect, useReducer, useState } from "react";
import type { CockpitModel } from "../app/model.js";
import { monitorNews } from "../app/monitor-news.js";

export function useModelVersion(model: CockpitModel): number {
  const [version, bump] = useReducer((x: number) => x + 1, 0);
  useEffect(() => {
    const a = model.subscribe(bump);
    // A poll that only read the same again draws nothing: the clock's next frame shows its age.
    let shown = model.snapshot();
    let shownRollout = model.rollout?.();
    const b = model.subscribeMonitor(() => {
      const s = model.snapshot();
      const r = model.rollout?.();
      if (r === shownRollout && !monitorNews(shown, s)) return;
      shown = s;
      shownRollout = r;
      bump();
    });
    return () => {
      a();
      b();
    };
  }, [model]);
  return version;
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
