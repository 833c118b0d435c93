import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Stand-ins for the secrets that `wrangler secret put` provides in production, and the production values of the
// local-demo switches: the plugin also reads a developer's .dev.vars (DEV_AUTH and HUB_OFFLINE on), which must
// not make a test pass locally and fail in CI, where there is none.
const testSecrets = {
  DEV_AUTH: "false",
  HUB_OFFLINE: "false",
  ADMIN_TOKEN: "test-admin-token-0123456789",
  SESSION_SECRET: "test-session-secret-0123456789abcdef",
  EVALUATOR_SECRETS_KEY: "test-evaluator-secrets-key-0123456789",
  HF_CLIENT_ID: "",
  HF_CLIENT_SECRET: "",
};

export default defineConfig({
  test: {
    projects: [
      {
        // Domain, store and route tests run inside workerd against a real (SQLite-backed) D1.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...testSecrets,
                TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "migrations")),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/{domain,store,routes}/**/*.test.{ts,tsx}"],
          setupFiles: ["./test/support/apply-migrations.ts"],
          globalSetup: ["./test/support/client-build.ts"],
        },
      },
      {
        // Browser and command-line tests run in Node against the built Worker served by Miniflare.
        test: {
          name: "node",
          include: ["test/{browser,cli,scripts,load}/**/*.test.ts"],
          globalSetup: ["./test/support/build.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
