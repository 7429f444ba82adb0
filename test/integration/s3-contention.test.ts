import { teamContention } from "../helpers/team-contention.js";

// A size the suite can afford on two cores; test/chaos/s3-team.test.ts runs issue 17's full size.
teamContention("s3-contention.test.ts", 40, 3);
