/**
 * Stand-ins for the secrets `wrangler secret put` provides in production, for the test suites and the served
 * test app; and the local-demo switches pinned off, because wrangler also reads a developer's .dev.vars
 * (DEV_AUTH and HUB_OFFLINE on), which must not make a test pass locally and fail in CI, where there is none.
 * Each secret is long enough for the Worker's check (at least 32 bytes: 43 characters that are not all hex).
 * AUDIT_RATE is 0, so that no trusted run is audited by chance: a test that wants audits sets the rate and seeds
 * the draw (test/routes/api/verification.test.ts).
 */
export const TEST_SECRETS = {
  DEV_AUTH: "false",
  HUB_OFFLINE: "false",
  AUDIT_RATE: "0",
  ADMIN_TOKEN: "test-admin-token-0123456789-abcdefghijklmnopqrstuvwxyz",
  SESSION_SECRET: "test-session-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
  EVALUATOR_SECRETS_KEY: "test-evaluator-secrets-key-0123456789-abcdefghijklmnopqrstuvwxyz",
  HF_CLIENT_ID: "",
  HF_CLIENT_SECRET: "",
};
