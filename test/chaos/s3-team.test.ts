import { teamContention } from "../helpers/team-contention.js";

// In CI: 3 bastions × 300 events at once (about 3 minutes beside moto's one-request-at-a-time
// server). Issue 17's full size: GOLIVE_TEAM_EVENTS=1000 npm run chaos -- s3-team. The kill -9 trials
// are test/chaos/s3-kill.test.ts (200, one moto server, a row in the chaos table).
teamContention("chaos/s3-team.test.ts", Number(process.env.GOLIVE_TEAM_EVENTS ?? 300));
