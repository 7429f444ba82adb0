/**
 * The ceiling for a test that is a chain of process start-ups, or that waits out the AWS SDK's own
 * timeouts (S3 hung): at load 12–15 on the 2-core machine these took 2–3× their quiet time and went
 * past vitest's 60 s (sandbox-command, status-fast, team-mode's S3-hung test, record-anchor and
 * record-amend). A ceiling only, never a timed assertion: what they check does not depend on
 * how long they take.
 */
export const LOADED = 180_000;
