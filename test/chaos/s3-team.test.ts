import { teamContention } from "../helpers/team-contention.js";

// In CI: 3 bastions × 300 events at once and 40 kill -9s of a writer mid-append (about 4 minutes
// beside moto's one-request-at-a-time server). Issue 17's full size (1,000 each, 200 kills) takes
// about 20 minutes here: GOLIVE_TEAM_EVENTS=1000 GOLIVE_TEAM_KILL_TRIALS=200 npm run chaos -- s3-team
teamContention(
  "chaos/s3-team.test.ts",
  Number(process.env.GOLIVE_TEAM_EVENTS ?? 300),
  Number(process.env.GOLIVE_TEAM_KILL_TRIALS ?? 40),
);
