import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // The fault suite has its own config (vitest.chaos.config.ts, `npm run chaos`).
    exclude: ["test/chaos/**", "**/node_modules/**"],
    globalSetup: ["test/global-setup.ts"],
    // Fails a file that leaves a session lock held (a store it never closed). cpu-per-file: what each
    // file costs in CPU, with GOLIVE_CPU_PER_FILE=out.jsonl (test/scripts/cpu-per-file.sh).
    setupFiles: ["test/helpers/cpu-per-file.ts", "test/helpers/no-held-locks.ts", "test/helpers/fc-seed.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start sandboxes on loopback ports and spawn CLIs; two workers match the 2-core CI box.
    maxWorkers: 2,
    pool: "forks",
    // One module graph per worker (176 s instead of ~280 s). Module state is therefore shared
    // between the files a worker runs: keep it immutable or per-instance (see
    // test/unit/scenario-defaults.test.ts for the leak that once broke this).
    isolate: false,
    // Transformed TypeScript kept on disk (node_modules/.experimental-vitest-cache, keyed by each
    // file's content): a second run skips the transforms. test/ui, A/B at load 15–20: 62.5 s of CPU
    // without, 56.5 s warm, 71.5 s on the run that fills it (bench/RESULTS.md §0v).
    experimental: { fsModuleCache: true },
  },
});
