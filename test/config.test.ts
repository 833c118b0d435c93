import { describe, expect, it } from "vitest";
import { parseConfig } from "../worker/config";

const HEX_64 = "0123456789abcdef".repeat(4);
const config = (vars: Record<string, unknown>) =>
  parseConfig({ SESSION_SECRET: HEX_64, EVALUATOR_SECRETS_KEY: HEX_64, ...vars } as unknown as Env);

describe("config", () => {
  it("reads N and the lease from vars with safe defaults", () => {
    const agingDays = (v: string | undefined) => config({ QUEUE_AGING_DAYS: v }).queueAgingDays;
    const leaseMs = (v: string | undefined) => config({ LEASE_HOURS: v }).leaseMs;
    expect(agingDays("7")).toBe(7);
    expect(agingDays("0")).toBe(3);
    expect(agingDays("x")).toBe(3);
    expect(leaseMs("6")).toBe(6 * 3600_000);
    expect(leaseMs("0.5")).toBe(1800_000);
    expect(leaseMs(undefined)).toBe(6 * 3600_000);
  });

  it("reads the daily vote cap and the rotation grace with their defaults", () => {
    expect(config({ VOTE_DAILY_CAP: "2" }).voteDailyCap).toBe(2);
    expect(config({ VOTE_DAILY_CAP: "1.5" }).voteDailyCap).toBe(20);
    expect(config({}).voteDailyCap).toBe(20);
    expect(config({ ROTATION_GRACE_HOURS: "0" }).rotationGraceMs).toBe(0);
    expect(config({ ROTATION_GRACE_HOURS: "-1" }).rotationGraceMs).toBe(24 * 3600_000);
    expect(config({ ROTATION_GRACE_HOURS: "soon" }).rotationGraceMs).toBe(24 * 3600_000);
  });

  it("reads the reproduction tolerance and the audit rate, each within its range or its default", () => {
    expect(config({})).toMatchObject({ reproductionTolerance: 1, auditRate: 0.1 });
    expect(config({ REPRODUCTION_TOLERANCE: "0.5", AUDIT_RATE: "1" })).toMatchObject({
      reproductionTolerance: 0.5,
      auditRate: 1,
    });
    expect(config({ REPRODUCTION_TOLERANCE: "0", AUDIT_RATE: "0" })).toMatchObject({
      reproductionTolerance: 0,
      auditRate: 0,
    });
    for (const bad of ["-1", "x", "101"]) expect(config({ REPRODUCTION_TOLERANCE: bad }).reproductionTolerance).toBe(1);
    for (const bad of ["-0.1", "1.5", "often"]) expect(config({ AUDIT_RATE: bad }).auditRate).toBe(0.1);
  });

  it("turns a switch on only for the text true", () => {
    for (const [value, on] of [
      ["true", true],
      ["TRUE", false],
      ["1", false],
      ["", false],
      [undefined, false],
    ] as const) {
      expect(config({ HUB_OFFLINE: value, DEV_AUTH: value })).toMatchObject({ hubOffline: on, devAuth: on });
    }
  });

  it("has an OAuth app only when both its id and secret are set", () => {
    expect(config({ HF_CLIENT_ID: "id", HF_CLIENT_SECRET: "secret" }).oauth).toEqual({
      clientId: "id",
      clientSecret: "secret",
    });
    expect(config({ HF_CLIENT_ID: "id", HF_CLIENT_SECRET: "" }).oauth).toBeNull();
    expect(config({}).oauth).toBeNull();
  });

  it("names every secret too short to key a MAC or a cipher, and judges the admin token apart", () => {
    expect(config({}).weakSecrets).toEqual([]);
    expect(config({ SESSION_SECRET: "short", SESSION_SECRET_PREVIOUS: "old" }).weakSecrets).toEqual([
      "SESSION_SECRET",
      "SESSION_SECRET_PREVIOUS",
    ]);
    expect(config({ SESSION_SECRET_PREVIOUS: "" }).sessionSecrets.previous).toBeUndefined();
    expect(config({}).admin.problem).toBe("missing");
    expect(config({ ADMIN_TOKEN: "admin-123" }).admin.problem).toBe("weak");
    expect(config({ ADMIN_TOKEN: HEX_64 }).admin).toEqual({ token: HEX_64, problem: null });
  });

  it("names the deployed version, or dev without the binding", () => {
    expect(config({ CF_VERSION_METADATA: { id: "v-42", tag: "", timestamp: "" } }).deployedVersion).toBe("v-42");
    expect(config({}).deployedVersion).toBe("dev");
  });
});
