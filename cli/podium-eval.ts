/**
 * podium-eval, the evaluator's client: `push` sends an lm-evaluation-harness results file to Podium as a signed
 * `evaluation.completed` message (Standard Webhooks, signed by the same code the Worker verifies with); `claim`
 * takes a job from the queue, `started` and `failed` report on it; `keygen` makes an Ed25519 key pair for
 * evaluators that prefer not to share a secret. clients/python/podium_eval.py is the same client in Python.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseHarnessJson } from "../worker/domain/harness/events";
import { parseModelArgs, precisionOf } from "../worker/domain/harness/interpret";
import { PRECISIONS } from "../worker/domain/vocabulary";
import { generateEd25519KeyPair, parseEd25519SecretKey, parseHmacSecret } from "../worker/domain/signatures";
import {
  DEFAULT_ATTEMPTS,
  deliver,
  describeError,
  MAX_WAIT_MS,
  retryable,
  Unreachable,
  type Delivered,
} from "./deliver";
import cliPackage from "./package.json";

export const VERSION: string = cliPackage.version;

/** The documented exit codes (USAGE lists them; the Python client uses the same). */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3, nothingWaits: 4 } as const;

const USAGE = `podium-eval ${VERSION}: push lm-evaluation-harness results to Podium, and take jobs from its queue

usage:
  podium-eval push <results.json> [--model org/name] [--revision sha]
                   [--precision bfloat16|float16|8bit|4bit|GPTQ] [--job <id>] [--hardware "8xH100"]
  podium-eval claim [--gpu H100]
  podium-eval started --job <id>
  podium-eval failed --job <id> --reason <text>
  podium-eval keygen
  podium-eval --help | --version

options of push, claim, started and failed (each also from the environment):
  --url <base>        Podium's base URL                                 PODIUM_URL
  --evaluator <id>    your evaluator id (ev_...)                        PODIUM_EVALUATOR
  --secret <key>      whsec_... (HMAC) or whsk_... (Ed25519) key        PODIUM_EVALUATOR_SECRET
                      (the variable keeps it out of shell history and the process list)
  --attempts <n>      attempts in all before giving up (default ${DEFAULT_ATTEMPTS})

push reads the model id, revision and precision from the results file (config.model_args pretrained=,
config.model_sha, config.model_dtype, load_in_4bit/load_in_8bit) unless --model, --revision or --precision
say otherwise. Network errors, 5xx and 429 answers are retried with exponential backoff, or after the
server's Retry-After (at most ${MAX_WAIT_MS / 1000} s), under the same webhook-id, so Podium acts on the message
once. Progress and retries are reported on stderr, the server's JSON answer is printed on stdout.

exit codes:
  0  accepted (claim: a job, printed as JSON)
  1  refused by the server (a 4xx answer); its message on stderr
  2  usage or input error: a bad option, an unreadable results file, an unusable secret
  3  the server was unreachable, or answered 5xx or 429, on every attempt
  4  claim: nothing waits in the queue (204)`;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** Where and how a command sends its signed message. */
export interface Target {
  url: string;
  evaluator: string;
  secret: string;
  attempts?: number;
  baseDelayMs?: number;
  notice?: (text: string) => void;
  fetch?: typeof fetch;
}

export interface RunOverrides {
  id?: string;
  revision?: string;
  precision?: string;
}

export interface PushOptions extends Target {
  file: string;
  model?: RunOverrides;
  jobId?: string;
  hardware?: { gpu: string; count: number };
}

class UsageError extends Error {}

/** `8xH100` → {gpu: "H100", count: 8}; a bare GPU name counts one. */
export function parseHardware(text: string): { gpu: string; count: number } {
  const match = /^\s*(\d+)\s*[x×*]\s*(\S.*?)\s*$/i.exec(text);
  if (match) return { gpu: match[2] as string, count: Number(match[1]) };
  if (!text.trim()) throw new UsageError("--hardware is empty");
  return { gpu: text.trim(), count: 1 };
}

/**
 * The model, revision and precision the server will read from this results file (the same harness.ts
 * functions), after the overrides; null for what neither says. Only reported: the server decides.
 */
export function runIdentity(
  results: unknown,
  overrides: RunOverrides = {},
): Record<"id" | "revision" | "precision", string | null> {
  const lm = (results ?? {}) as { model_name?: unknown; config?: Record<string, unknown> };
  const config = lm.config ?? {};
  const modelArgs = config.model_args;
  const args =
    typeof modelArgs === "string" || (modelArgs && typeof modelArgs === "object")
      ? parseModelArgs(modelArgs as string | Record<string, unknown>)
      : {};
  const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);
  return {
    id: overrides.id ?? args.pretrained ?? text(lm.model_name) ?? null,
    revision: overrides.revision ?? text(config.model_sha) ?? args.revision ?? null,
    precision: overrides.precision ?? precisionOf(args, text(config.model_dtype)),
  };
}

/**
 * The message body: the results file's text embedded unchanged as `data.lm_eval`, so the harness output
 * reaches Podium byte for byte; only the envelope around it is built here.
 */
export function messageBody(resultsText: string, options: Pick<PushOptions, "model" | "jobId" | "hardware">): string {
  parseHarnessJson(resultsText);
  const model = Object.fromEntries(Object.entries(options.model ?? {}).filter(([, v]) => v !== undefined));
  const extra = {
    ...(Object.keys(model).length > 0 ? { model } : {}),
    ...(options.jobId ? { job_id: options.jobId } : {}),
    ...(options.hardware ? { hardware: options.hardware } : {}),
  };
  const tail = Object.entries(extra)
    .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join("");
  const head = JSON.stringify({ type: "evaluation.completed", timestamp: new Date().toISOString() }).slice(0, -1);
  return `${head},"data":{"lm_eval":${resultsText.trim()}${tail}}}`;
}

function send(target: Target, path: string, body: string): Promise<Delivered> {
  const base = `${target.url.replace(/\/+$/, "")}/api/v1/evaluators/${encodeURIComponent(target.evaluator)}`;
  return deliver({
    endpoint: `${base}/${path}`,
    secret: target.secret,
    body: new TextEncoder().encode(body),
    userAgent: `podium-eval/${VERSION}`,
    attempts: target.attempts,
    baseDelayMs: target.baseDelayMs,
    notice: target.notice,
    fetch: target.fetch,
  });
}

const event = (type: string, data: Record<string, string>) =>
  JSON.stringify({ type, timestamp: new Date().toISOString(), data });

/** Pushes a results file as `evaluation.completed`. */
export async function push(options: PushOptions): Promise<Delivered> {
  let resultsText: string;
  let results: unknown;
  try {
    resultsText = await readFile(options.file, "utf8");
    results = parseHarnessJson(resultsText);
  } catch (err) {
    throw new UsageError(`cannot read ${options.file}: ${(err as Error).message}`);
  }
  const run = runIdentity(results, options.model);
  options.notice?.(
    `${options.file}: model ${run.id ?? "(none)"}, revision ${run.revision ?? "(none)"}, precision ${run.precision ?? "(none)"}`,
  );
  return send(options, "events", messageBody(resultsText, options));
}

/** Claims the highest-priority waiting job (200), or learns that nothing waits (204). */
export function claim(target: Target, gpu?: string): Promise<Delivered> {
  return send(target, "jobs/claim", JSON.stringify(gpu === undefined ? {} : { gpu }));
}

/** Reports that the claimed job's run began (this renews its lease). */
export function started(target: Target, jobId: string): Promise<Delivered> {
  return send(target, "events", event("evaluation.started", { job_id: jobId }));
}

/** Reports that the claimed job's run failed, with a reason everyone can read. */
export function failed(target: Target, jobId: string, reason: string): Promise<Delivered> {
  return send(target, "events", event("evaluation.failed", { job_id: jobId, reason }));
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}

const COMMON = {
  url: { type: "string" },
  evaluator: { type: "string" },
  secret: { type: "string" },
  attempts: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMAND_OPTIONS = {
  push: {
    model: { type: "string" },
    revision: { type: "string" },
    precision: { type: "string" },
    job: { type: "string" },
    hardware: { type: "string" },
  },
  claim: { gpu: { type: "string" } },
  started: { job: { type: "string" } },
  failed: { job: { type: "string" }, reason: { type: "string" } },
} as const;
type Command = keyof typeof COMMAND_OPTIONS;
const isCommand = (name: string | undefined): name is Command => !!name && Object.hasOwn(COMMAND_OPTIONS, name);

function target(
  values: Record<string, string | boolean | undefined>,
  env: Record<string, string | undefined>,
  io: Output,
): Target {
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const secret = required(text("secret") ?? env.PODIUM_EVALUATOR_SECRET, "--secret (or PODIUM_EVALUATOR_SECRET)");
  if (!parseHmacSecret(secret) && !parseEd25519SecretKey(secret)) {
    throw new UsageError("the secret must be a whsec_ (HMAC) or whsk_ (Ed25519) key");
  }
  const attempts = text("attempts") ?? String(DEFAULT_ATTEMPTS);
  if (!/^[1-9]\d{0,2}$/.test(attempts)) throw new UsageError("--attempts must be a whole number from 1 to 999");
  return {
    url: required(text("url") ?? env.PODIUM_URL, "--url (or PODIUM_URL)"),
    evaluator: required(text("evaluator") ?? env.PODIUM_EVALUATOR, "--evaluator (or PODIUM_EVALUATOR)"),
    secret,
    attempts: Number(attempts),
    notice: (line) => io.err(`podium-eval: ${line}`),
  };
}

async function runCommand(command: Command, rest: string[], env: Record<string, string | undefined>, io: Output) {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...COMMON, ...COMMAND_OPTIONS[command] },
  });
  if (values.help) return "help" as const;
  const v = values as Record<string, string | boolean | undefined>;
  const text = (key: string) => (typeof v[key] === "string" ? (v[key] as string) : undefined);
  if (command !== "push" && positionals.length > 0) throw new UsageError(`${command} takes no file: ${positionals[0]}`);
  switch (command) {
    case "push": {
      if (positionals.length !== 1) throw new UsageError("exactly one results file is required");
      const hardware = text("hardware");
      const precision = text("precision");
      if (precision !== undefined && !(PRECISIONS as readonly string[]).includes(precision)) {
        throw new UsageError(`--precision must be one of ${PRECISIONS.join(", ")}`);
      }
      return push({
        ...target(v, env, io),
        file: positionals[0] as string,
        model: { id: text("model"), revision: text("revision"), precision },
        jobId: text("job"),
        hardware: hardware === undefined ? undefined : parseHardware(hardware),
      });
    }
    case "claim":
      return claim(target(v, env, io), text("gpu"));
    case "started":
      return started(target(v, env, io), required(text("job"), "--job"));
    case "failed":
      return failed(target(v, env, io), required(text("job"), "--job"), required(text("reason"), "--reason"));
  }
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "--help" || command === "-h" || command === "help") {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (command === "--version" || command === "-V") {
      io.out(VERSION);
      return EXIT.ok;
    }
    if (command === "keygen") {
      const pair = await generateEd25519KeyPair();
      io.out(`secret key (keep it on the evaluator, e.g. PODIUM_EVALUATOR_SECRET): ${pair.secretKey}`);
      io.out(`public key (give it to the Podium admin as public_key): ${pair.publicKey}`);
      return EXIT.ok;
    }
    if (!isCommand(command)) throw new UsageError(command ? `unknown command ${command}` : "a command is required");
    const result = await runCommand(command, rest, env, io);
    if (result === "help") {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (command === "claim" && result.status === 204) {
      io.err("podium-eval: nothing waits in the queue (HTTP 204)");
      return EXIT.nothingWaits;
    }
    if (result.status >= 200 && result.status < 300) {
      io.out(JSON.stringify(result.body, null, 2));
      return EXIT.ok;
    }
    io.err(`podium-eval: ${describeError(result.status, result.body)}`);
    return retryable(result.status) ? EXIT.unreachable : EXIT.refused;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS_")) {
      io.err(`podium-eval: ${(err as Error).message}\n(podium-eval --help for usage)`);
      return EXIT.usage;
    }
    if (err instanceof Unreachable) {
      io.err(`podium-eval: ${err.message}`);
      return EXIT.unreachable;
    }
    throw err;
  }
}
