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
  },
});
