import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { priority } from "../../worker/domain/queue";
import { DAY_MS } from "../../worker/domain/time";
import { queueEntryJson as queueEntry } from "../../worker/schemas/queue";

describe("priority", () => {
  it("is votes plus one per N full days waiting", () => {
    const t0 = Date.UTC(2026, 0, 1);
    expect(priority(4, t0, t0, 3)).toBe(4);
    expect(priority(4, t0, t0 + 3 * DAY_MS - 1, 3)).toBe(4);
    expect(priority(4, t0, t0 + 3 * DAY_MS, 3)).toBe(5);
    expect(priority(0, t0, t0 + 30 * DAY_MS, 3)).toBe(10);
    expect(priority(2, t0, t0 - DAY_MS, 3)).toBe(2);
  });

  it("never falls below the votes and never decreases with waiting", () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1e11), fc.nat(1e10), fc.integer({ min: 1, max: 30 }), (v, wait, more, n) => {
        const p = priority(v, 0, wait, n);
        expect(p).toBeGreaterThanOrEqual(v);
        expect(priority(v, 0, wait + more, n)).toBeGreaterThanOrEqual(p);
        expect(Number.isInteger(p)).toBe(true);
      }),
    );
  });
});

describe("queueEntry", () => {
  it("gives ISO times and the failure reason", () => {
    const e = queueEntry({
      submission: {
        id: "s1",
        kind: "submission",
        reproduces: null,
        modelId: "o/m",
        revision: "main",
        sha: "abc",
        precision: "bfloat16",
        weightType: "Original",
        modelType: "chat",
        baseModel: null,
        chatTemplate: true,
        verified: true,
        status: "FAILED",
        failureReason: "OOM",
        evaluationId: null,
        leaseExpiresAt: null,
        createdAt: 0,
        updatedAt: 1000,
      },
      votes: 3,
      priority: 4,
      voted: false,
      history: [{ status: "FAILED", at: 1000, reason: "OOM" }],
    });
    expect(e).toMatchObject({
      id: "s1",
      kind: "submission",
      reproduces: null,
      model: "o/m",
      status: "FAILED",
      failure_reason: "OOM",
      submitted_at: "1970-01-01T00:00:00.000Z",
      updated_at: "1970-01-01T00:00:01.000Z",
      history: [{ status: "FAILED", at: "1970-01-01T00:00:01.000Z", reason: "OOM" }],
    });
  });
});
