/**
 * For the tests of the evaluator's clients (Node, packed Node, Python) against the served app: processes run to
 * completion, evaluators and queued submissions made through the public API, and a flaky proxy that fails on
 * cue before passing requests through to the app.
 */
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { TEST_SECRETS } from "../../scripts/app-server";

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; never rejects, so a test can assert on a failing run's exit code and output. */
export function runProcess(
  file: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? "");
  });
}

/** The stderr lines a client printed, each without its `podium-eval: ` prefix. */
export const notices = (stderr: string) =>
  stderr
    .split("\n")
    .filter(Boolean)
    .map((line) => line.replace(/^podium-eval: /, ""));

export function writeJson(dir: string, name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

/**
 * A new evaluator from the admin API: `secret` is its whsec_ unless it was created with a public key. Trusted
 * unless `body` says otherwise: these tests are about the clients, so a push ranks at once and queues no
 * reproduction job (verification is tested in test/routes/api/verification.test.ts).
 */
export async function createEvaluator(url: string, body: Record<string, string> = { name: "client lab" }) {
  const res = await fetch(`${url}/api/v1/admin/evaluators`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ trust: "trusted", ...body }),
  });
  if (res.status !== 201) throw new Error(`create evaluator: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; secret?: string };
}

/**
 * Queues `model` as a signed-in user would (the app must run with DEV_AUTH and HUB_OFFLINE on); returns the
 * submission id.
 */
export async function queueSubmission(url: string, user: string, model: string): Promise<string> {
  const signIn = await fetch(`${url}/auth/dev?user=${user}`, { redirect: "manual" });
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${url}/api/v1/submissions`, {
    method: "POST",
    headers: { cookie, origin: url, "content-type": "application/json" },
    body: JSON.stringify({ model, precision: "bfloat16", model_type: "chat" }),
  });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

/** The queue entry of a submission, from the public queue API. */
export async function queueEntry(url: string, id: string) {
  const res = await fetch(`${url}/api/v1/queue`);
  const entries = ((await res.json()) as { data: Array<{ id: string; status: string; failure_reason: string | null }> })
    .data;
  return entries.find((e) => e.id === id);
}

/** The URL of a local port that was free a moment ago: nothing answers there. */
export function closedPortUrl(): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}

/**
 * What the proxy does with the next request: answer with this status (and Retry-After), close the connection,
 * forward it and answer what the app answered, or forward it and then close the connection without an answer
 * (the app acted, the client never heard).
 */
export type Step = { status: number; retryAfter?: string } | "drop" | "forward" | "forward-then-drop";

export interface FlakyProxy {
  url: string;
  seen: Array<{ headers: IncomingHttpHeaders; body: string }>;
  /** Steps for the next requests; when none is left, requests are forwarded. */
  script: Step[];
  close(): Promise<void>;
}

/** A local HTTP server in front of the app at `target` that fails on cue. */
export async function flakyProxy(target: string): Promise<FlakyProxy> {
  const proxy: FlakyProxy = { url: "", seen: [], script: [], close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      proxy.seen.push({ headers: req.headers, body: body.toString("utf8") });
      const step = proxy.script.shift() ?? "forward";
      if (step === "drop") {
        req.socket.destroy();
        return;
      }
      if (typeof step === "object") {
        res.writeHead(step.status, {
          "content-type": "application/json",
          ...(step.retryAfter === undefined ? {} : { "retry-after": step.retryAfter }),
        });
        res.end(JSON.stringify({ error: { code: "unavailable", message: `proxy says ${step.status}` } }));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k)),
      ) as Record<string, string>;
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body });
      const text = Buffer.from(await answer.arrayBuffer());
      if (step === "forward-then-drop") {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
