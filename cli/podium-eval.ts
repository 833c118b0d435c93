/**
 * podium-eval, the evaluator's client: `push` sends an lm-evaluation-harness results file to Podium as a signed
 * `evaluation.completed` message (Standard Webhooks, signed by the same code the Worker verifies with);
 * `keygen` makes an Ed25519 key pair for evaluators that prefer not to share a secret.
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { parseHarnessJson } from "../worker/domain/harness";
import {
  generateEd25519KeyPair,
  parseEd25519SecretKey,
  parseHmacSecret,
  signedHeaders,
} from "../worker/domain/signatures";

const USAGE = `usage:
  podium-eval push <results.json> --url <base> --evaluator <id> [--secret <whsec_...|whsk_...>]
                   [--model org/name] [--revision sha] [--precision bfloat16|float16|8bit|4bit|GPTQ]
                   [--job <id>] [--hardware "8xH100"]
  podium-eval keygen

  The secret can come from PODIUM_EVALUATOR_SECRET instead of --secret (keeps it out of shell history),
  the base URL from PODIUM_URL and the evaluator id from PODIUM_EVALUATOR.`;

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface PushOptions {
  file: string;
  url: string;
  evaluator: string;
  secret: string;
  model?: { id?: string; revision?: string; precision?: string };
  jobId?: string;
  hardware?: { gpu: string; count: number };
  /** Attempts in all, the first included. */
  attempts?: number;
  /** First backoff delay; it doubles after each failed attempt. */
  baseDelayMs?: number;
  fetch?: typeof fetch;
}

export interface PushResult {
  status: number;
  body: unknown;
  webhookId: string;
  attempts: number;
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signs and posts the results, retrying network errors and 5xx answers with exponential backoff under the SAME
 * webhook-id (Podium stores a message once, however often it arrives); any other answer is returned as is.
 */
export async function push(options: PushOptions): Promise<PushResult> {
  const resultsText = await readFile(options.file, "utf8");
  const body = new TextEncoder().encode(messageBody(resultsText, options));
  const webhookId = `msg_${crypto.randomUUID()}`;
  const endpoint = `${options.url.replace(/\/+$/, "")}/api/v1/evaluators/${encodeURIComponent(options.evaluator)}/events`;
  const attempts = options.attempts ?? 6;
  const doFetch = options.fetch ?? fetch;
  let delay = options.baseDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    // A fresh timestamp per attempt keeps a late retry inside the 5-minute tolerance; id and body stay the same.
    const signed = await signedHeaders(options.secret, webhookId, Math.floor(Date.now() / 1000), body);
    try {
      const res = await doFetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "podium-eval/0.1", ...signed },
        body,
      });
      const text = await res.text();
      if (res.status < 500 || attempt >= attempts) {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // A non-JSON answer (a proxy's error page) is reported as text.
        }
        return { status: res.status, body: parsed, webhookId, attempts: attempt };
      }
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
    await sleep(delay + Math.floor(Math.random() * (delay / 4)));
    delay *= 2;
  }
}

/** The server's error in one line (and its details below), from the standard error envelope. */
function describeError(status: number, body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (!error?.message) return `HTTP ${status}: ${typeof body === "string" ? body.slice(0, 500) : JSON.stringify(body)}`;
  const details = Array.isArray(error.details)
    ? error.details.map((d: { path?: string; message?: string }) => `\n  ${d.path ?? ""}: ${d.message ?? ""}`).join("")
    : "";
  return `HTTP ${status} ${error.code}: ${error.message}${details}`;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`${what} is required`);
  return value;
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: string[], env: Record<string, string | undefined>, io: Output): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === "keygen") {
      const pair = await generateEd25519KeyPair();
      io.out(`secret key (keep it on the evaluator, e.g. PODIUM_EVALUATOR_SECRET): ${pair.secretKey}`);
      io.out(`public key (give it to the Podium admin as public_key): ${pair.publicKey}`);
      return 0;
    }
    if (command !== "push") throw new UsageError(command ? `unknown command ${command}` : "a command is required");
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        evaluator: { type: "string" },
        secret: { type: "string" },
        model: { type: "string" },
        revision: { type: "string" },
        precision: { type: "string" },
        job: { type: "string" },
        hardware: { type: "string" },
      },
    });
    if (positionals.length !== 1) throw new UsageError("exactly one results file is required");
    const secret = required(values.secret ?? env.PODIUM_EVALUATOR_SECRET, "--secret (or PODIUM_EVALUATOR_SECRET)");
    if (!parseHmacSecret(secret) && !parseEd25519SecretKey(secret)) {
      throw new UsageError("the secret must be a whsec_ (HMAC) or whsk_ (Ed25519) key");
    }
    const result = await push({
      file: positionals[0] as string,
      url: required(values.url ?? env.PODIUM_URL, "--url (or PODIUM_URL)"),
      evaluator: required(values.evaluator ?? env.PODIUM_EVALUATOR, "--evaluator (or PODIUM_EVALUATOR)"),
      secret,
      model: { id: values.model, revision: values.revision, precision: values.precision },
      jobId: values.job,
      hardware: values.hardware === undefined ? undefined : parseHardware(values.hardware),
    });
    if (result.status >= 200 && result.status < 300) {
      io.out(JSON.stringify(result.body, null, 2));
      return 0;
    }
    io.err(`podium-eval: ${describeError(result.status, result.body)}`);
    return 1;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      io.err(`podium-eval: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    io.err(`podium-eval: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ""}`);
    return 1;
  }
}
