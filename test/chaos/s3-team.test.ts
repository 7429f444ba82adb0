import { teamContention } from "../helpers/team-contention.js";

// Issue 17's size: 3 bastions × 1,000 events at once, and 200 kill -9s of a writer mid-append.
teamContention(
  "chaos/s3-team.test.ts",
  Number(process.env.GOLIVE_TEAM_EVENTS ?? 1000),
  Number(process.env.GOLIVE_TEAM_KILL_TRIALS ?? 200),
);
