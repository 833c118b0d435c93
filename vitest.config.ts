import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_SECRETS } from "./scripts/test-secrets";

export default defineConfig({
  test: {
    projects: [
      {
        // Domain, store, edge, adapter, route and web tests run inside workerd against a real (SQLite-backed) D1.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...TEST_SECRETS,
                // Every board change publishes before its write answers (edge/board-source.ts): a test reads the
                // board it just wrote. The debounce itself is tested with a real interval (test/routes/publish).
                BOARD_PUBLISH_SECONDS: "0",
                TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "migrations")),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/config.test.ts", "test/{domain,store,edge,adapters,routes,web}/**/*.test.{ts,tsx}"],
          setupFiles: ["./test/support/apply-migrations.ts"],
          globalSetup: ["./test/support/client-build.ts"],
          // Guards against a hang, not timings: a file of many requests runs long on a loaded 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        // Browser and command-line tests run in Node against the built Worker served by Miniflare; the import rules
        // read the source tree.
        test: {
          name: "node",
          include: ["test/architecture.test.ts", "test/{browser,cli,scripts,load}/**/*.test.ts"],
          globalSetup: ["./test/support/build.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A poll waits for the page's eventual state (a debounced URL, a slice decoded): give a loaded machine time.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
