import { defineConfig } from "vitest/config";

/** `npm run chaos`: the fault suite. Each test records a row; the teardown prints the table. */
export default defineConfig({
  test: {
    include: ["test/chaos/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts", "test/chaos/table.ts"],
    setupFiles: ["test/helpers/fc-seed.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    pool: "forks",
  },
});
