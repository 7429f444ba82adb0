import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // The fault suite has its own config (vitest.chaos.config.ts, `npm run chaos`).
    exclude: ["test/chaos/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start sandboxes on loopback ports and spawn CLIs; two workers match the 2-core CI box.
    maxWorkers: 2,
    pool: "forks",
    // One module graph per worker, not per file: each file otherwise re-imports Ink, React and the AWS
    // SDK, which was most of the CPU of the unit and ui files (30 files: 136 s -> 76 s, import 74 s ->
    // 21 s, user CPU halved). No test mocks modules or leaves globals behind (fsync.test restores its
    // spy); every test starts its own sandbox, store and temp dir.
    isolate: false,
  },
});
