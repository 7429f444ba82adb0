/**
 * A tool the suite drives for real (an aws CLI, kubectl, tmux). When it is absent the tests that
 * need it are skipped, and the run says loudly what was therefore not checked. Under CI, where
 * `.ci/run` installs every tool, an absent tool is a failure, never a quiet skip.
 */
export function hasTool(path: string | undefined, tool: string, notChecked: string): boolean {
  if (path) return true;
  const line = `NOT CHECKED: ${tool} is not installed, so ${notChecked} did not run (install it; .ci/run does)`;
  if (process.env.GOLIVE_TEST_CI || process.env.CI) throw new Error(`${line}. CI must skip nothing.`);
  process.stderr.write(`\n${"!".repeat(100)}\n!!! ${line}\n${"!".repeat(100)}\n`);
  return false;
}
