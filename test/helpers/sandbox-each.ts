import { afterEach, beforeEach } from "vitest";
import type { Sandbox } from "../../source/sandbox/server.js";
import { startSandbox } from "./sandbox.js";

/** Registers a sandbox (manual clock) started before each test and stopped after it; fields set anew. */
export function sandboxEachTest(): { sb: Sandbox; kubeconfig: string } {
  const t = {} as { sb: Sandbox; kubeconfig: string };
  beforeEach(async () => {
    const s = await startSandbox();
    t.sb = s.sb;
    t.kubeconfig = s.files.kubeconfig;
  });
  afterEach(async () => {
    await t.sb.stop();
  });
  return t;
}
