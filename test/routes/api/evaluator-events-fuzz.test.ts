/**
 * Hostile but correctly signed deliveries: whatever the body, the answer is a 201 that stored exactly one run, or
 * a 4xx envelope that stored nothing and left the versions (hence every cached ranking) as it was.
 */
import { env, SELF } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { signMessage } from "../../../worker/domain/signatures";
import { database } from "../../../worker/store/db";
import { storedVersions, type Versions } from "../../../worker/store/version";
import { BASE, newEvaluator, postSigned } from "../../support/evaluators";
import { completedEvent, harnessResults } from "../../support/harness";

const db = database(env.DB);
let evaluator: { id: string; secret: string };

beforeAll(async () => {
  const ev = await newEvaluator({ name: "fuzz lab" });
  evaluator = { id: ev.id, secret: ev.secret! };
});

interface Snapshot {
  versions: Versions;
  evaluations: number;
  deliveries: number;
  models: number;
}

async function snapshot(): Promise<Snapshot> {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM evaluations) AS evaluations, (SELECT count(*) FROM deliveries) AS deliveries,
            (SELECT count(*) FROM models) AS models`,
  ).first<Omit<Snapshot, "versions">>();
  return { versions: await storedVersions(db), ...row! };
}

async function leaderboard(): Promise<string> {
  return (await SELF.fetch(`${BASE}/api/v1/leaderboard?limit=100`)).text();
}

/** Sends the raw body, signed; checks the outcome is a clean acceptance or a clean refusal. */
async function sendAndCheck(raw: string | Uint8Array<ArrayBuffer>): Promise<number> {
  return (await sendAndAnswer(raw)).status;
}

/** sendAndCheck, with the answer's body. */
async function sendAndAnswer(
  raw: string | Uint8Array<ArrayBuffer>,
): Promise<{ status: number; body: Record<string, any> }> {
  const before = await snapshot();
  const board = await leaderboard();
  const res = typeof raw === "string" ? await postSigned(evaluator.id, evaluator.secret, raw) : await postBytes(raw);
  const body = (await res.json()) as Record<string, any>;
  const after = await snapshot();
  if (res.status === 201) {
    expect(after.evaluations).toBe(before.evaluations + 1);
    expect(after.deliveries).toBe(before.deliveries + 1);
    expect(body.evaluation_id).toMatch(/^ev_/);
    // A benchmark it could not read is missing (null) and keeps the run out of the ranking; a read one is sane.
    const scores = Object.values(body.scores ?? {}) as Array<{ raw: number; normalized: number } | null>;
    if (scores.some((s) => s === null)) expect(body.status).toBe("partial");
    for (const score of scores) {
      if (score === null) continue;
      expect(Number.isFinite(score.raw) && score.raw >= 0 && score.raw <= 1, JSON.stringify(score)).toBe(true);
      expect(Number.isFinite(score.normalized) && score.normalized <= 100, JSON.stringify(score)).toBe(true);
    }
    if (body.status === "ranked") expect(Number.isFinite(body.average)).toBe(true);
    return { status: res.status, body };
  }
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |\.ts:\d|\.js:\d/);
  expect(after).toEqual(before);
  expect(await leaderboard()).toBe(board);
  return { status: res.status, body };
}

/** Signs and posts bytes that need not be UTF-8 (standardwebhooks decodes its payload as UTF-8 before signing). */
async function postBytes(bytes: Uint8Array<ArrayBuffer>): Promise<Response> {
  const id = `msg_bytes_${crypto.randomUUID()}`;
  const now = new Date();
  const signature = await signMessage(evaluator.secret, id, Math.floor(now.getTime() / 1000), bytes);
  return SELF.fetch(`${BASE}/api/v1/evaluators/${evaluator.id}/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: bytes,
  });
}

/** Values nobody should send: wrong types, NaN and infinities as strings, huge and tiny numbers, deep nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom("NaN", "Infinity", "-Infinity", "1e400", "", " ", "null", "\u0000", "\ud800", "<script>"),
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 2 ** 53 + 1, -1, 1.5, 100, 1e20),
  fc.constantFrom(null, true, false, [], {}, [[[[]]]]),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.json().map((j) => JSON.parse(j) as unknown),
);

/** The fields of a results message that hold a time, a count or a size (each informative or checked). */
const NUMBER_FIELDS: Array<Array<string>> = [
  ["timestamp"],
  ["data", "lm_eval", "date"],
  ["data", "lm_eval", "start_time"],
  ["data", "lm_eval", "end_time"],
  ["data", "lm_eval", "total_evaluation_time_seconds"],
  ["data", "lm_eval", "n-shot", "leaderboard_ifeval"],
  ["data", "lm_eval", "n-samples", "leaderboard_ifeval", "original"],
  ["data", "lm_eval", "n-samples", "leaderboard_ifeval", "effective"],
  ["data", "lm_eval", "config", "limit"],
  ["data", "lm_eval", "config", "batch_size"],
  ["data", "lm_eval", "config", "model_num_parameters"],
  ["data", "lm_eval", "max_length"],
  ["data", "lm_eval", "results", "leaderboard_ifeval", "prompt_level_strict_acc_stderr,none"],
  ["data", "hardware", "count"],
];

/** Out of range for a time, a count or a size, or not a number at all. */
const outOfRange = fc.oneof(
  fc.constantFrom<unknown>(1e20, -1, -0.5, 1e308, -1e308, 5e-324, 1.5, 0, 2 ** 53 + 1, 8.64e12, -8.64e15),
  fc.constantFrom<unknown>("NaN", "nan", "Infinity", "-5", "1e400", "", "abc", "12", "0x10", " 3 "),
  fc.constantFrom<unknown>(true, null, [], {}, [1], { seconds: 1 }),
  fc.double(),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
);

/** Every path into a JSON value (objects and arrays), for picking one to mutate. */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []) {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      paths(v, [...prefix, i], out);
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  }
  return out;
}

function setAt(root: any, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key] ??= {};
  node[path[path.length - 1]!] = value;
  return root;
}

const baseEvent = () => completedEvent(harnessResults({ model: `fuzz-org/model-${crypto.randomUUID().slice(0, 8)}` }));
const allPaths = paths(baseEvent()).filter((p) => !p.includes("configs"));

describe("POST /api/v1/evaluators/{id}/events under hostile bodies", () => {
  describe("errors", () => {
    it("one hostile value anywhere in a real results message: stored whole or refused cleanly", async () => {
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: allPaths.length - 1 }), hostileValue, async (at, value) => {
          const event = baseEvent();
          await sendAndCheck(JSON.stringify(setAt(event, allPaths[at]!, value)));
        }),
        { numRuns: 40 },
      );
    }, 60_000);

    it("metric values that are not probabilities never reach the ranking", async () => {
      const metricPaths = allPaths.filter(
        (p) => p[2] === "results" && typeof p[4] === "string" && !String(p[4]).includes("stderr"),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...metricPaths),
          fc.constantFrom<unknown>("NaN", "nan", "Infinity", "inf", "1e400", 1e308, -0.5, 1.5, 42, "0.5x", "N/A"),
          async (path, value) => {
            const status = await sendAndCheck(JSON.stringify(setAt(baseEvent(), path, value)));
            expect(status).not.toBe(500);
          },
        ),
        { numRuns: 30 },
      );
    }, 60_000);

    it("started and failed messages with hostile job ids and reasons: recorded or refused, never a 5xx", async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("evaluation.started", "evaluation.failed"),
          fc.oneof(hostileValue, fc.string({ minLength: 1, maxLength: 200 })),
          fc.oneof(hostileValue, fc.constant("x".repeat(5000))),
          async (type, jobId, reason) => {
            const raw = JSON.stringify({ type, timestamp: "2026-11-29T12:00:00Z", data: { job_id: jobId, reason } });
            const before = await snapshot();
            const res = await postSigned(evaluator.id, evaluator.secret, raw);
            const body = await res.text();
            expect(res.status, body.slice(0, 300)).toBeLessThan(500);
            if (res.status >= 400) {
              expect(JSON.parse(body)).toMatchObject({
                error: { code: expect.any(String), message: expect.any(String) },
              });
              expect(await snapshot()).toEqual(before);
            }
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);

    it("random JSON documents are refused with a 4xx envelope", async () => {
      await fc.assert(
        fc.asyncProperty(fc.json({ maxDepth: 6 }), async (raw) => {
          expect(await sendAndCheck(raw)).not.toBe(201);
        }),
        { numRuns: 40 },
      );
    }, 60_000);

    it("deep nesting, huge numbers and number literals JSON cannot hold: stored whole or refused, never a 5xx", async () => {
      const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
      const event = JSON.stringify(baseEvent());
      const cases = [
        deep(100_000),
        `{"type":"evaluation.completed","timestamp":"2026-11-29T12:00:00Z","data":${deep(50_000)}}`,
        event.replace('"config":{', `"config":{"nested":${deep(20_000)},`),
        event.replace('"config":{', `"config":{"model_args":{"a":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}},`),
        event.replace(/"acc,none":[0-9.e-]+/, '"acc,none":1e999'),
        event.replace(/"acc,none":[0-9.e-]+/, '"acc,none":-1e999'),
        event.replace(/"acc,none":[0-9.e-]+/, `"acc,none":${"9".repeat(400)}`),
        `{"type":"evaluation.completed","timestamp":"2026-11-29T12:00:00Z","data":{"lm_eval":${"1".repeat(10_000)}}}`,
        // Unterminated strings with NaN after them: the NaN repair once rescanned the rest from every quote.
        `{"type":"evaluation.completed","data":[${'\\"'.repeat(1_000_000)}NaN`,
        `${event.slice(0, -1)},"x":NaN,"y":"${"\\".repeat(100_001)}`,
      ];
      for (const raw of cases) await sendAndCheck(raw);
    });

    it("a 10 MB string inside an otherwise valid message is refused or stored without breaking anything", async () => {
      const event = baseEvent() as any;
      event.data.lm_eval.model_name = "x".repeat(10 * 1024 * 1024);
      await sendAndCheck(JSON.stringify(event));
      const other = baseEvent() as any;
      other.data.model = { id: `org/${"m".repeat(10 * 1024 * 1024)}` };
      expect(await sendAndCheck(JSON.stringify(other))).toBe(400);
    });

    it("times, counts and sizes out of range, NaN as text, huge, negative or mistyped: stored sane or 400 at their path", async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...NUMBER_FIELDS), outOfRange, async (path, value) => {
          // A hardware block needs its gpu beside the count, or the refusal would be about the gpu.
          const base = baseEvent();
          const event = { ...base, data: { ...base.data, hardware: { gpu: "H100", count: 8 } } };
          const { status, body } = await sendAndAnswer(JSON.stringify(setAt(event, path, value)));
          if (status === 201) {
            expect(Number.isFinite(body.co2_kg), JSON.stringify(value)).toBe(true);
            const { evaluatedAt, evaluationSeconds, limit } = body.provenance;
            expect(evaluatedAt === null || !Number.isNaN(Date.parse(evaluatedAt))).toBe(true);
            expect(evaluationSeconds === null || (Number.isFinite(evaluationSeconds) && evaluationSeconds >= 0)).toBe(
              true,
            );
            expect(limit === null || (Number.isFinite(limit) && limit > 0)).toBe(true);
            return;
          }
          expect(status, JSON.stringify(body)).toBe(400);
          // At the field, inside it, or at the object holding it (a check across fields, such as effective ≤ original).
          const where = path.join(".");
          const holder = path.slice(0, -1).join(".");
          const details = (body.error.details ?? []) as Array<{ path: string }>;
          const at = (d: { path: string }) => d.path === where || d.path.startsWith(`${where}.`) || d.path === holder;
          expect(details.some(at), `${where} ${JSON.stringify(details)}`).toBe(true);
        }),
        { numRuns: 60 },
      );
    }, 120_000);

    it("a harness date or run time that no clock can hold is a 400 at its path, not a 500", async () => {
      const event = JSON.stringify(baseEvent());
      for (const [raw, path] of [
        [event.replace(/"date":[0-9.e+]+/, '"date":1e20'), "data.lm_eval.date"],
        [event.replace(/"date":[0-9.e+]+/, '"date":-8.64e13'), "data.lm_eval.date"],
        [event.replace(/"date":[0-9.e+]+/, '"date":1e999'), "data.lm_eval.date"],
        [event.replace(/"date":[0-9.e+]+/, '"date":"NaN"'), "data.lm_eval.date"],
        [
          event.replace(/"total_evaluation_time_seconds":"[0-9.]+"/, '"total_evaluation_time_seconds":"1e400"'),
          "data.lm_eval.total_evaluation_time_seconds",
        ],
        [
          event.replace(/"total_evaluation_time_seconds":"[0-9.]+"/, '"total_evaluation_time_seconds":1e308'),
          "data.lm_eval.total_evaluation_time_seconds",
        ],
        [
          event.replace(/"total_evaluation_time_seconds":"[0-9.]+"/, '"total_evaluation_time_seconds":"NaN"'),
          "data.lm_eval.total_evaluation_time_seconds",
        ],
      ] as const) {
        const { status, body } = await sendAndAnswer(raw);
        expect(status, path).toBe(400);
        expect(body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      }
    });

    it("fields too large to store are a 400 at their path, whatever D1 would have done with them", async () => {
      const template = baseEvent() as any;
      template.data.lm_eval.chat_template = "{{ x }}".repeat(300_000);
      const { status, body } = await sendAndAnswer(JSON.stringify(template));
      expect(status).toBe(400);
      expect(body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: "data.lm_eval.chat_template" })]),
      );

      const many = baseEvent() as any;
      for (let i = 0; i < 4000; i++) {
        many.data.lm_eval.results[`extra_task_${i}_${"t".repeat(150)}`] = Object.fromEntries(
          Array.from({ length: 5 }, (_, m) => [`metric_${m}_${"m".repeat(40)},none`, 0.5]),
        );
      }
      const crowded = await sendAndAnswer(JSON.stringify(many));
      expect(crowded.status).toBe(400);
      expect(crowded.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: "data.lm_eval.results" })]),
      );
    }, 30_000);

    it("invalid UTF-8 bytes, signed over exactly, are refused as not UTF-8 text", async () => {
      const event = new TextEncoder().encode(JSON.stringify(baseEvent()));
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: event.length - 1 }),
          fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]),
          async (at, bad) => {
            const bytes = new Uint8Array([...event.slice(0, at), ...bad, ...event.slice(at)]);
            expect(await sendAndCheck(bytes)).toBe(400);
          },
        ),
        { numRuns: 15 },
      );
    });
  });
});
