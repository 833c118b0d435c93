/**
 * The short version of `npm run load` (bench/mixed-load.ts), so CI exercises the same checks: concurrent clients
 * mixing reads, votes and signed deliveries (some retried, some forged) against the built Worker; zero 5xx, and
 * every accepted vote and delivery present in D1 exactly once afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppServer } from "../../scripts/app-server";
import { mixedLoad, startLoadServer } from "../../bench/mixed-load";

let server: AppServer;

beforeAll(async () => {
  server = await startLoadServer();
});

afterAll(async () => {
  await server?.stop();
});

describe("mixed load", () => {
  it("40 clients for 5 s: no 5xx, nothing accepted is lost or doubled", async () => {
    const report = await mixedLoad({ url: server.url, db: server.db, seconds: 5, clients: 40, submissions: 10 });
    expect(report.failures).toEqual([]);
    expect(report.lost).toEqual([]);
    expect(report.requests).toBeGreaterThan(40);
    expect(report.votes.accepted).toBeGreaterThan(0);
    expect(report.votes.verified).toBe(report.votes.accepted);
    expect(report.deliveries.accepted).toBeGreaterThan(0);
    expect(report.deliveries.verified).toBe(report.deliveries.accepted);
    expect(report.deliveries.retriesAnsweredSame).toBe(report.deliveries.retried);
  });
});
