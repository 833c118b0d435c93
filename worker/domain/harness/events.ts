/**
 * What an evaluator sends: an lm-evaluation-harness results file, as `lm_eval --tasks leaderboard` writes it,
 * inside a signed `evaluation.*` message, read with zod, bounded, and refused path by path (./interpret.ts turns
 * it into an evaluation). Pure, and shared with the podium-eval client, which reads results files the same way.
 */
import { z } from "zod";
import { MODEL_TYPES, PRECISIONS, WEIGHT_TYPES } from "../vocabulary";

/** One problem with an input, by JSON path, as the 400 envelope lists them. */
export interface Problem {
  path: string;
  message: string;
}

const metricValue = z.union([z.number(), z.string(), z.null()]);

// Bounds on what a results file may say. Each is far beyond any real run; past it a value is a mistake or an
// attack, and refusing it at its path beats storing it (or failing to: a D1 row holds at most 2 MB).
const RUN_DATE_MIN = Date.UTC(2020, 0, 1) / 1000;
const RUN_DATE_MAX = Date.UTC(2100, 0, 1) / 1000;
/** A year: a full leaderboard run of a 100B model on one GPU takes days. */
const MAX_RUN_SECONDS = 366 * 24 * 3600;
/** Samples in one task: the largest leaderboard task (MMLU-PRO) has 12,032, the largest harness tasks a few hundred thousand. */
const MAX_SAMPLES = 10_000_000;
/** Few-shot examples: harness tasks use at most a few dozen. */
const MAX_SHOTS = 1000;
/** What an evaluation's JSON columns (subtasks and provenance) may take together, below D1's 2 MB per row. */
export const MAX_STORED_BYTES = 1_500_000;

const count = (max: number) => z.number().int().min(0).max(max);
const label = (max: number) => z.string().max(max);
const decimal = /^\d+(\.\d+)?(e[+-]?\d+)?$/i;
/** Seconds as the harness writes them (a number, or its str()), within a run's possible length. */
const runSeconds = z
  .union([z.number(), z.string().regex(decimal, "must be a number of seconds")])
  .transform(Number)
  .pipe(z.number().min(0).max(MAX_RUN_SECONDS, `must be at most ${MAX_RUN_SECONDS} seconds (a year)`));
const samples = z
  .object({ original: count(MAX_SAMPLES), effective: count(MAX_SAMPLES) })
  .refine((n) => n.effective <= n.original, "effective must not exceed original");

/** The parts of a harness results file Podium reads; everything else passes through untouched. */
export const harnessResultsSchema = z
  .object({
    results: z.record(z.string(), z.record(z.string(), metricValue)),
    group_subtasks: z.record(z.string(), z.array(z.string())).optional(),
    "n-shot": z.record(z.string(), count(MAX_SHOTS)).optional(),
    "n-samples": z.record(z.string(), samples).optional(),
    config: z
      .object({
        model_args: z.union([label(10_000), z.record(z.string(), z.unknown())]).nullish(),
        model_sha: label(200).nullish(),
        model_dtype: label(100).nullish(),
        model_revision: label(200).nullish(),
        // --limit: a count of samples, or a fraction of each task when below 1.
        limit: z
          .number()
          .positive()
          .max(MAX_SAMPLES)
          .refine((n) => n < 1 || Number.isInteger(n), "must be a whole number of samples, or a fraction below 1")
          .nullish(),
        batch_size: z.union([z.number().int().positive().max(1_000_000), label(100)]).nullish(),
      })
      .loose(),
    git_hash: label(100).nullish(),
    lm_eval_version: label(100).nullish(),
    transformers_version: label(100).nullish(),
    date: z
      .number()
      .min(RUN_DATE_MIN, "must be a Unix time in seconds between 2020-01-01 and 2100-01-01")
      .max(RUN_DATE_MAX, "must be a Unix time in seconds between 2020-01-01 and 2100-01-01")
      .nullish(),
    model_name: z.string().nullish(),
    chat_template: label(100_000).nullish(),
    chat_template_sha: label(200).nullish(),
    system_instruction_sha: label(200).nullish(),
    fewshot_as_multiturn: z.boolean().nullish(),
    total_evaluation_time_seconds: runSeconds.nullish(),
  })
  .loose();
export type HarnessResults = z.infer<typeof harnessResultsSchema>;

/** A Hub model id, `org/name` (or a legacy id without org). */
export const modelId = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][\w.-]*(\/[\w.-]+)?$/, "must be a Hub model id, org/name");
const jobId = z.string().min(1).max(200);
const timestamp = z.iso.datetime({ offset: true });

const completed = z.object({
  type: z.literal("evaluation.completed"),
  timestamp,
  data: z.object({
    lm_eval: harnessResultsSchema,
    model: z
      .object({
        id: modelId.optional(),
        revision: z.string().min(1).max(200).optional(),
        precision: z.enum(PRECISIONS).optional(),
        weight_type: z.enum(WEIGHT_TYPES).optional(),
        model_type: z.enum(MODEL_TYPES).optional(),
        base_model: modelId.nullish(),
        chat_template: z.boolean().optional(),
      })
      .strict()
      .optional(),
    job_id: jobId.optional(),
    hardware: z.object({ gpu: z.string().min(1).max(100), count: z.number().int().min(1).max(100_000) }).optional(),
    details_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  }),
});

/** The body of a signed evaluator message, by `type`. */
export const evaluatorEventSchema = z.discriminatedUnion("type", [
  completed,
  z.object({ type: z.literal("evaluation.started"), timestamp, data: z.object({ job_id: jobId }) }),
  z.object({
    type: z.literal("evaluation.failed"),
    timestamp,
    data: z.object({ job_id: jobId, reason: z.string().min(1).max(4000) }),
  }),
]);
export type EvaluatorEvent = z.infer<typeof evaluatorEventSchema>;
export type CompletedEvent = z.infer<typeof completed>;

/**
 * JSON.parse that also reads the bare `NaN`, `Infinity` and `-Infinity` Python's json module writes (the harness
 * can emit them for a stderr it could not compute), as null. Throws like JSON.parse on anything else.
 */
export function parseHarnessJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const repaired = pythonNumbersAsNull(text);
    if (repaired === text) throw err;
    return JSON.parse(repaired);
  }
}

const PYTHON_NUMBERS = ["NaN", "Infinity", "-Infinity"];

/**
 * `text` with NaN, Infinity and -Infinity outside strings replaced by null, in one pass. (A regular expression
 * matching strings rescanned the rest of the text from every quote of an unterminated one, quadratic in the
 * body, and ran out of stack on a long string.)
 */
function pythonNumbersAsNull(text: string): string {
  const parts: string[] = [];
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x4e || ch === 0x49 || ch === 0x2d) {
      const token = PYTHON_NUMBERS.find((t) => text.startsWith(t, i));
      if (token) {
        parts.push(text.slice(from, i), "null");
        from = i + token.length;
        i = from - 1;
      }
    }
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(from));
  return parts.join("");
}

/** The event, or every problem with its JSON path. */
export function parseEvaluatorEvent(
  json: unknown,
): { ok: true; event: EvaluatorEvent } | { ok: false; problems: Problem[] } {
  const result = evaluatorEventSchema.safeParse(json);
  if (result.success) return { ok: true, event: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
  };
}
