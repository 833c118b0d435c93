/**
 * One signed request to Podium, retried until it lands: network errors, 5xx and 429 answers are tried again
 * with exponential backoff (or after the server's Retry-After, capped) under the SAME webhook-id and body, so
 * Podium acts on the message once however often it arrives. Every attempt and retry is announced on `notice`.
 */
import { signedHeaders, type Bytes } from "../worker/domain/signatures";

export interface DeliverOptions {
  endpoint: string;
  secret: string;
  body: Bytes;
  userAgent: string;
  webhookId?: string;
  /** Attempts in all, the first included (6 by default). */
  attempts?: number;
  /** First backoff delay; it doubles after each failed attempt (1 s by default). */
  baseDelayMs?: number;
  notice?: (text: string) => void;
  fetch?: typeof fetch;
  /** How to wait between attempts (a timer by default). */
  sleep?: (ms: number) => Promise<void>;
}

export interface Delivered {
  status: number;
  /** The answer's JSON, its text when it is not JSON, null when empty. */
  body: unknown;
  webhookId: string;
  attempts: number;
}

/** Thrown when the server could not be reached on any attempt. */
export class Unreachable extends Error {}

export const DEFAULT_ATTEMPTS = 6;
/** No single wait is longer, whatever Retry-After asks, so a run gives up in minutes rather than hours. */
export const MAX_WAIT_MS = 60_000;
// Generous: a push can carry a results file of several MiB over a slow uplink.
const ATTEMPT_TIMEOUT_MS = 120_000;

/** Whether an answer is worth another attempt: the server (or a proxy before it) was unavailable or busy. */
export const retryable = (status: number) => status >= 500 || status === 429;

/** Retry-After (delay-seconds or an HTTP-date) in milliseconds from `nowMs`; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The server's error in one line (and its details below), from the standard error envelope. */
export function describeError(status: number, body: unknown): string {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  if (!error?.message) return `HTTP ${status}: ${typeof body === "string" ? body.slice(0, 500) : JSON.stringify(body)}`;
  const details = Array.isArray(error.details)
    ? error.details.map((d: { path?: string; message?: string }) => `\n  ${d.path ?? ""}: ${d.message ?? ""}`).join("")
    : "";
  return `HTTP ${status} ${error.code}: ${error.message}${details}`;
}

function parseAnswer(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    // A non-JSON answer (a proxy's error page) is reported as text.
    return text;
  }
}

const causeOf = (err: unknown) => {
  const cause = (err as { cause?: { message?: string; code?: string } }).cause;
  return cause ? ` (${cause.code ?? cause.message})` : "";
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Posts the body signed with `secret` until an answer that is not worth retrying, or the last attempt. */
export async function deliver(options: DeliverOptions): Promise<Delivered> {
  const webhookId = options.webhookId ?? `msg_${crypto.randomUUID()}`;
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const doFetch = options.fetch ?? fetch;
  const notice = options.notice ?? (() => {});
  const wait = options.sleep ?? sleep;
  let backoff = options.baseDelayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    notice(`POST ${options.endpoint} (attempt ${attempt}/${attempts}, webhook-id ${webhookId})`);
    // A fresh timestamp per attempt keeps a late retry inside the 5-minute tolerance; id and body stay the same.
    const signed = await signedHeaders(options.secret, webhookId, Math.floor(Date.now() / 1000), options.body);
    let reason: string;
    let asked: number | null = null;
    try {
      const res = await doFetch(options.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": options.userAgent, ...signed },
        body: options.body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
        // Following a redirect would turn the signed POST into a GET without its body: report it instead.
        redirect: "manual",
      });
      const text = await res.text();
      const body =
        res.status >= 300 && res.status < 400
          ? `redirect to ${res.headers.get("location")} (give the final URL as --url)`
          : parseAnswer(text);
      if (!retryable(res.status) || attempt >= attempts)
        return { status: res.status, body, webhookId, attempts: attempt };
      reason = describeError(res.status, body);
      asked = retryAfterMs(res.headers.get("retry-after"), Date.now());
    } catch (err) {
      reason = `network error: ${(err as Error).message}${causeOf(err)}`;
      if (attempt >= attempts) throw new Unreachable(`gave up after ${attempt} attempts: ${reason}`);
    }
    const delay = Math.min(asked ?? backoff + Math.floor(Math.random() * (backoff / 4)), MAX_WAIT_MS);
    notice(`${reason}; retrying in ${seconds(delay)}`);
    await wait(delay);
    backoff *= 2;
  }
}
