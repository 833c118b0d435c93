import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, retryAfterMs } from "../../cli/deliver";
import { main, messageBody, parseHardware, push, runIdentity } from "../../cli/podium-eval";
import { root, startAppServer, type AppServer } from "../../scripts/app-server";
import {
  closedPortUrl,
  createEvaluator,
  notices,
  queueEntry,
  queueSubmission,
  runProcess,
  writeJson,
} from "../support/evaluator-client";
import { harnessResults, uniformBbh } from "../support/harness";

const bin = path.join(root, "cli/bin/podium-eval.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "podium-eval-"));
const cliVersion = JSON.parse(readFileSync(path.join(root, "cli/package.json"), "utf8")).version as string;
const run = (args: string[], env: Record<string, string> = {}) =>
  runProcess(process.execPath, [bin, ...args], { cwd: root, env });
const writeResults = (name: string, data: unknown) => writeJson(dir, name, data);

// A model strong enough to lead the seeded board (the leader averages 52.08).
const leader = harnessResults({
  model: "podium-cli/leader-70b",
  sha: "feedfacefeedfacefeedfacefeedfacefeedface",
  ifeval: { prompt: 0.9, inst: 0.94 },
  bbh: uniformBbh(0.9),
  math: 0.8,
  gpqa: 0.7,
  musr: { murder_mysteries: 0.9, object_placements: 0.8, team_allocation: 0.85 },
  mmlu_pro: 0.8,
});

describe("podium-eval against the running app", () => {
  let server: AppServer;

  beforeAll(async () => {
    server = await startAppServer({ vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("push ranks a model that then shows first on / and in /api/v1/leaderboard", async () => {
    const evaluator = await createEvaluator(server.url);
    const file = writeResults("leader.json", leader);
    const result = await run(
      ["push", file, "--url", server.url, "--evaluator", evaluator.id, "--hardware", "8xH100", "--job", "job_cli"],
      { PODIUM_EVALUATOR_SECRET: evaluator.secret! },
    );
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({
      model_id: "podium-cli/leader-70b",
      revision: "feedfacefeedfacefeedfacefeedfacefeedface",
      status: "ranked",
      verification: "trusted",
      provenance: { hardware: { gpu: "H100", count: 8 }, jobId: "job_cli", signatureScheme: "v1" },
    });
    expect(notices(result.stderr)).toEqual([
      `${file}: model podium-cli/leader-70b, revision feedfacefeedfacefeedfacefeedfacefeedface, precision bfloat16`,
      `POST ${server.url}/api/v1/evaluators/${evaluator.id}/events (attempt 1/6, webhook-id ${answer.provenance.webhookId})`,
    ]);

    const board = (await (await fetch(`${server.url}/api/v1/leaderboard?limit=3`)).json()) as any;
    expect(board.data[0]).toMatchObject({
      rank: 1,
      evaluation_id: answer.evaluation_id,
      model: { id: "podium-cli/leader-70b" },
    });
    expect(board.total).toBe(4577);
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain("podium-cli/leader-70b");
    expect(page.indexOf("podium-cli/leader-70b")).toBeLessThan(page.indexOf("MaziyarPanahi/calme-3.2-instruct-78b"));
  });

  it("push with an Ed25519 key from keygen works, and --model overrides the file", async () => {
    const keygen = await run(["keygen"]);
    expect(keygen.code).toBe(0);
    const secretKey = /whsk_\S+/.exec(keygen.stdout)![0];
    const publicKey = /whpk_\S+/.exec(keygen.stdout)![0];
    const evaluator = await createEvaluator(server.url, { name: "ed lab", public_key: publicKey });
    const file = writeResults("renamed.json", harnessResults({ model: "wrong/name" }));
    const result = await run([
      "push",
      file,
      "--url",
      server.url,
      "--evaluator",
      evaluator.id,
      "--secret",
      secretKey,
      "--model",
      "podium-cli/renamed",
      "--revision",
      "abc123",
      "--precision",
      "float16",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      model_id: "podium-cli/renamed",
      revision: "abc123",
      precision: "float16",
      provenance: { signatureScheme: "v1a" },
    });
    expect(notices(result.stderr)[0]).toBe(`${file}: model podium-cli/renamed, revision abc123, precision float16`);
  });

  it("exits 1 with the server's error message on a refusal", async () => {
    const evaluator = await createEvaluator(server.url);
    const other = await createEvaluator(server.url);
    const file = writeResults("unauthorized.json", harnessResults());
    const result = await run([
      "push",
      file,
      "--url",
      server.url,
      "--evaluator",
      evaluator.id,
      "--secret",
      other.secret!,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(notices(result.stderr).at(-1)).toBe(
      "HTTP 401 unauthorized: No signature in webhook-signature verifies for this evaluator",
    );

    const noModel = harnessResults();
    noModel.config.model_args = "dtype=bfloat16";
    noModel.model_name = null;
    const bad = await run([
      "push",
      writeResults("no-model.json", noModel),
      "--url",
      server.url,
      "--evaluator",
      evaluator.id,
      "--secret",
      evaluator.secret!,
    ]);
    expect(bad.code).toBe(1);
    expect(notices(bad.stderr)[0]).toMatch(
      /: model \(none\), revision 0123456789abcdef0123456789abcdef01234567, precision bfloat16$/,
    );
    expect(bad.stderr).toContain("HTTP 400 bad_request: Invalid event body at data.model.id");
    expect(bad.stderr).toContain("\n  data.model.id: the model id is missing");
  });

  it("claim takes the job, started and failed report on it, and a second claim finds nothing (exit 4)", async () => {
    const evaluator = await createEvaluator(server.url, { name: "queue lab" });
    const submission = await queueSubmission(server.url, "cli-ada", "podium-cli/queued-7b");
    const env = { PODIUM_URL: server.url, PODIUM_EVALUATOR: evaluator.id, PODIUM_EVALUATOR_SECRET: evaluator.secret! };

    const claimed = await run(["claim", "--gpu", "H100"], env);
    expect(claimed.code).toBe(0);
    const job = JSON.parse(claimed.stdout);
    expect(job).toMatchObject({
      submission_id: submission,
      model: "podium-cli/queued-7b",
      precision: "bfloat16",
      gpu: "H100",
    });
    expect(notices(claimed.stderr)).toEqual([
      expect.stringMatching(
        new RegExp(`^POST ${server.url}/api/v1/evaluators/${evaluator.id}/jobs/claim \\(attempt 1/6, webhook-id msg_`),
      ),
    ]);
    expect(await queueEntry(server.url, submission)).toMatchObject({ status: "RUNNING" });

    const began = await run(["started", "--job", job.job_id], env);
    expect(began.code).toBe(0);
    expect(JSON.parse(began.stdout)).toEqual({ received: true, type: "evaluation.started", job_id: job.job_id });

    const gaveUp = await run(["failed", "--job", job.job_id, "--reason", "CUDA out of memory at batch size 8"], env);
    expect(gaveUp.code).toBe(0);
    expect(JSON.parse(gaveUp.stdout)).toEqual({ received: true, type: "evaluation.failed", job_id: job.job_id });
    expect(await queueEntry(server.url, submission)).toMatchObject({
      status: "FAILED",
      failure_reason: "CUDA out of memory at batch size 8",
    });

    const empty = await run(["claim"], env);
    expect(empty).toMatchObject({ code: 4, stdout: "" });
    expect(notices(empty.stderr).at(-1)).toBe("nothing waits in the queue (HTTP 204)");
  });

  it("refuses bad usage and unreadable input with exit 2", async () => {
    const env = { PODIUM_URL: server.url, PODIUM_EVALUATOR: "ev_x", PODIUM_EVALUATOR_SECRET: "" };
    const noSecret = await run(["push", "x.json"], env);
    expect(noSecret).toMatchObject({ code: 2, stdout: "" });
    expect(noSecret.stderr).toBe(
      "podium-eval: --secret (or PODIUM_EVALUATOR_SECRET) is required\n(podium-eval --help for usage)\n",
    );

    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const inProcess = async (args: string[]) => {
      const err: string[] = [];
      const code = await main(
        args,
        { ...env, PODIUM_EVALUATOR_SECRET: secret },
        { out: () => {}, err: (t) => err.push(t) },
      );
      return { code, stderr: err.join("\n") };
    };
    const missing = await inProcess(["push", path.join(dir, "nope.json")]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^podium-eval: cannot read .*nope\.json: ENOENT/),
    });
    writeFileSync(path.join(dir, "text.json"), "results: none\n");
    const notJson = await inProcess(["push", path.join(dir, "text.json")]);
    expect(notJson).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^podium-eval: cannot read .*text\.json: .*not valid JSON/s),
    });
    const file = writeResults("p.json", harnessResults());
    expect(await inProcess(["push", file, "--precision", "fp8"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--precision must be one of bfloat16, float16, 8bit, 4bit, GPTQ"),
    });
    expect(await inProcess(["push", file, file])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("exactly one results file"),
    });
    expect(await inProcess(["started"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--job is required"),
    });
    expect(await inProcess(["failed", "--job", "j"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--reason is required"),
    });
    expect(await inProcess(["claim", "--bogus"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--bogus"),
    });
    expect(await inProcess(["claim", "--secret", "whsec_short"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("must be a whsec_ (HMAC) or whsk_"),
    });
    expect(await inProcess(["claim", "--attempts", "0"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--attempts must be"),
    });
    expect(await inProcess(["frobnicate"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown command frobnicate"),
    });
    expect(await inProcess([])).toMatchObject({ code: 2, stderr: expect.stringContaining("a command is required") });
  });

  it("--help exits 0 with the usage and exit codes on stdout; --version prints the package's version", async () => {
    const help = await run(["--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toContain("podium-eval claim [--gpu H100]");
    expect(help.stdout).toContain("4  claim: nothing waits in the queue (204)");
    expect((await run(["push", "--help"])).stdout).toBe(help.stdout);
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${cliVersion}\n`, stderr: "" });
  });
});

describe("podium-eval retries", () => {
  let fake: Server;
  let url: string;
  const seen: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
  let script: Array<"drop" | number | { status: number; retryAfter: string } | { redirect: string }> = [];

  beforeAll(async () => {
    fake = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        const next = script.shift() ?? 201;
        if (next === "drop") {
          req.socket.destroy();
          return;
        }
        if (typeof next === "object" && "redirect" in next) {
          res.writeHead(308, { location: next.redirect });
          res.end();
          return;
        }
        const status = typeof next === "number" ? next : next.status;
        res.writeHead(status, {
          "content-type": "application/json",
          ...(typeof next === "object" ? { "retry-after": next.retryAfter } : {}),
        });
        res.end(
          status >= 400
            ? JSON.stringify({ error: { code: "internal", message: `fake ${status}` } })
            : JSON.stringify({ ok: status }),
        );
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("retries network errors, 5xx and 429 with the same webhook-id and body, each attempt signed", async () => {
    seen.length = 0;
    script = ["drop", 503, 429, 502, 201];
    const file = writeResults("retry.json", harnessResults());
    const said: string[] = [];
    const result = await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5, notice: (t) => said.push(t) });
    expect(result).toMatchObject({ status: 201, body: { ok: 201 }, attempts: 5 });
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((s) => s.headers["webhook-id"]))).toEqual(new Set([result.webhookId]));
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
    for (const s of seen) {
      const verified = new Webhook(secret).verify(s.body, s.headers as Record<string, string>) as any;
      expect(verified.type).toBe("evaluation.completed");
    }
    const retries = said.filter((t) => t.includes("retrying in"));
    expect(retries.map((t) => t.replace(/; retrying in [\d.]+ s$/, ""))).toEqual([
      expect.stringMatching(/^network error: /),
      "HTTP 503 internal: fake 503",
      "HTTP 429 internal: fake 429",
      "HTTP 502 internal: fake 502",
    ]);
    expect(said.filter((t) => t.startsWith("POST ")).map((t) => /attempt (\d)\/6/.exec(t)![1])).toEqual([
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
  });

  it("waits what Retry-After asks (capped at 60 s), else doubles the backoff", async () => {
    seen.length = 0;
    script = [{ status: 429, retryAfter: "7" }, 503, { status: 503, retryAfter: "3600" }, 503, 201];
    const waits: number[] = [];
    const body = new TextEncoder().encode("{}");
    const result = await deliver({
      endpoint: url,
      secret,
      body,
      userAgent: "test",
      baseDelayMs: 100,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(result).toMatchObject({ status: 201, attempts: 5 });
    expect(waits[0]).toBe(7000);
    expect(waits[1]).toBeGreaterThanOrEqual(200);
    expect(waits[1]).toBeLessThan(250);
    expect(waits[2]).toBe(60_000);
    expect(waits[3]).toBeGreaterThanOrEqual(800);
    expect(waits[3]).toBeLessThan(1000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2025-06-01T12:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Sun, 01 Jun 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });

  it("does not retry a 4xx nor follow a redirect, and gives up after the last attempt on 5xx", async () => {
    seen.length = 0;
    script = [400];
    const file = writeResults("no-retry.json", harnessResults());
    expect(await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5 })).toMatchObject({
      status: 400,
      attempts: 1,
    });
    script = [{ redirect: "https://elsewhere.example/api" }];
    expect(await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5 })).toEqual(
      expect.objectContaining({
        status: 308,
        body: "redirect to https://elsewhere.example/api (give the final URL as --url)",
        attempts: 1,
      }),
    );
    seen.length = 0;
    script = [500, 500, 500];
    const result = await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5, attempts: 3 });
    expect(result).toMatchObject({ status: 500, attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it("exits 3 when the server answers 5xx on every attempt or cannot be reached", async () => {
    script = [503, 503];
    const err: string[] = [];
    const io = { out: () => {}, err: (t: string) => err.push(t) };
    const env = { PODIUM_EVALUATOR_SECRET: secret };
    expect(await main(["claim", "--url", url, "--evaluator", "ev_1", "--attempts", "1"], env, io)).toBe(3);
    expect(err.at(-1)).toBe("podium-eval: HTTP 503 internal: fake 503");
    const closed = await closedPortUrl();
    expect(await main(["claim", "--url", closed, "--evaluator", "ev_1", "--attempts", "1"], env, io)).toBe(3);
    expect(err.at(-1)).toMatch(/^podium-eval: gave up after 1 attempts: network error: fetch failed \(ECONNREFUSED\)$/);
  });

  it("embeds the results file unchanged and builds the rest of the message", () => {
    const text = '{ "results": {"a": {"acc,none": 0.5}},  "config": {} }\n';
    const body = messageBody(text, {
      model: { id: "o/m", revision: undefined },
      jobId: "j",
      hardware: { gpu: "A100", count: 4 },
    });
    expect(body).toContain('"lm_eval":{ "results": {"a": {"acc,none": 0.5}},  "config": {} }');
    expect(JSON.parse(body)).toMatchObject({
      type: "evaluation.completed",
      data: { model: { id: "o/m" }, job_id: "j", hardware: { gpu: "A100", count: 4 } },
    });
    expect(() => messageBody("{oops", {})).toThrow();
    expect(parseHardware("8xH100")).toEqual({ gpu: "H100", count: 8 });
    expect(parseHardware("2 × A100 80GB")).toEqual({ gpu: "A100 80GB", count: 2 });
    expect(parseHardware("L4")).toEqual({ gpu: "L4", count: 1 });
  });

  it("reads the run's identity from the harness file as the server does", () => {
    const fixture = JSON.parse(
      readFileSync(path.join(root, "test/fixtures/lm-eval/qwen3-8b-leaderboard-limit1.json"), "utf8"),
    );
    expect(runIdentity(fixture)).toEqual({
      id: "Qwen/Qwen3-8B",
      revision: "b968826d9c46dd6066d109eabc6255188de91218",
      precision: "4bit",
    });
    const dict = {
      config: { model_args: { pretrained: "o/m", load_in_8bit: true }, model_sha: null },
      model_name: "ignored/x",
    };
    expect(runIdentity(dict, { revision: "r1" })).toEqual({ id: "o/m", revision: "r1", precision: "8bit" });
    expect(runIdentity({ model_name: "n/m", config: { model_dtype: "torch.float16" } })).toEqual({
      id: "n/m",
      revision: null,
      precision: "float16",
    });
    expect(runIdentity([1, 2])).toEqual({ id: null, revision: null, precision: null });
  });

  it("main prints the answer on success and exits 0", async () => {
    script = [201];
    const out: string[] = [];
    const err: string[] = [];
    const file = writeResults("main.json", harnessResults());
    const code = await main(
      ["push", file, "--url", url, "--evaluator", "ev_1"],
      { PODIUM_EVALUATOR_SECRET: secret },
      {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      },
    );
    expect(code).toBe(0);
    expect(JSON.parse(out.join(""))).toEqual({ ok: 201 });
    expect(err).toHaveLength(2);
  });
});
