import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, messageBody, parseHardware, push } from "../../cli/podium-eval";
import { root, startAppServer, TEST_SECRETS, type AppServer } from "../../scripts/app-server";
import { harnessResults, uniformBbh } from "../support/harness";

const bin = path.join(root, "cli/bin/podium-eval.mjs");
const dir = mkdtempSync(path.join(tmpdir(), "podium-eval-"));

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function writeResults(name: string, data: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(data, null, 2));
  return file;
}

async function createEvaluator(url: string, body: Record<string, string> = { name: "cli lab" }) {
  const res = await fetch(`${url}/api/v1/admin/evaluators`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret?: string };
}

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
    server = await startAppServer();
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
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({
      model_id: "podium-cli/leader-70b",
      revision: "feedfacefeedfacefeedfacefeedfacefeedface",
      status: "ranked",
      provenance: { hardware: { gpu: "H100", count: 8 }, jobId: "job_cli", signatureScheme: "v1" },
    });

    const board = (await (await fetch(`${server.url}/api/v1/leaderboard?limit=3`)).json()) as any;
    expect(board.data[0]).toMatchObject({ rank: 1, evaluation_id: answer.evaluation_id, model: { id: "podium-cli/leader-70b" } });
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
      "push", file, "--url", server.url, "--evaluator", evaluator.id, "--secret", secretKey,
      "--model", "podium-cli/renamed", "--revision", "abc123", "--precision", "float16",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      model_id: "podium-cli/renamed",
      revision: "abc123",
      precision: "float16",
      provenance: { signatureScheme: "v1a" },
    });
  });

  it("exits non-zero with the server's error message", async () => {
    const evaluator = await createEvaluator(server.url);
    const other = await createEvaluator(server.url);
    const file = writeResults("unauthorized.json", harnessResults());
    const result = await run(["push", file, "--url", server.url, "--evaluator", evaluator.id, "--secret", other.secret!]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "podium-eval: HTTP 401 unauthorized: No signature in webhook-signature verifies for this evaluator\n",
    );

    const noModel = harnessResults();
    noModel.config.model_args = "dtype=bfloat16";
    noModel.model_name = null;
    const bad = await run(["push", writeResults("no-model.json", noModel), "--url", server.url, "--evaluator", evaluator.id, "--secret", evaluator.secret!]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("HTTP 400 bad_request: Invalid event body at data.model.id");
    expect(bad.stderr).toContain("\n  data.model.id: the model id is missing");
  });

  it("refuses to run without a secret or a results file", async () => {
    const noSecret = await run(["push", "x.json", "--url", server.url, "--evaluator", "ev"], { PODIUM_EVALUATOR_SECRET: "" });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/^podium-eval: --secret \(or PODIUM_EVALUATOR_SECRET\) is required\nusage:/);
    const missing = await run(["push", path.join(dir, "nope.json"), "--url", server.url, "--evaluator", "ev", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("ENOENT");
  });
});

describe("podium-eval retries", () => {
  let fake: Server;
  let url: string;
  const seen: Array<{ headers: IncomingMessage["headers"]; body: string }> = [];
  let script: Array<"drop" | number> = [];

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
        res.writeHead(next, { "content-type": "application/json" });
        res.end(next >= 500 ? JSON.stringify({ error: { code: "internal", message: "Internal error" } }) : JSON.stringify({ ok: next }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("retries network errors and 5xx with the same webhook-id and body, each attempt signed", async () => {
    seen.length = 0;
    script = ["drop", 503, 502, 201];
    const file = writeResults("retry.json", harnessResults());
    const result = await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5 });
    expect(result).toMatchObject({ status: 201, body: { ok: 201 }, attempts: 4 });
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((s) => s.headers["webhook-id"]))).toEqual(new Set([result.webhookId]));
    expect(new Set(seen.map((s) => s.body)).size).toBe(1);
    for (const s of seen) {
      const verified = new Webhook(secret).verify(s.body, s.headers as Record<string, string>) as any;
      expect(verified.type).toBe("evaluation.completed");
    }
  });

  it("does not retry a 4xx, and gives up after the last attempt on 5xx", async () => {
    seen.length = 0;
    script = [400];
    const file = writeResults("no-retry.json", harnessResults());
    expect(await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5 })).toMatchObject({ status: 400, attempts: 1 });
    seen.length = 0;
    script = [500, 500, 500];
    const result = await push({ file, url, evaluator: "ev_1", secret, baseDelayMs: 5, attempts: 3 });
    expect(result).toMatchObject({ status: 500, attempts: 3 });
    expect(seen).toHaveLength(3);
  });

  it("embeds the results file unchanged and builds the rest of the message", () => {
    const text = '{ "results": {"a": {"acc,none": 0.5}},  "config": {} }\n';
    const body = messageBody(text, { model: { id: "o/m", revision: undefined }, jobId: "j", hardware: { gpu: "A100", count: 4 } });
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

  it("main prints the answer on success and exits 0", async () => {
    script = [201];
    const out: string[] = [];
    const err: string[] = [];
    const file = writeResults("main.json", harnessResults());
    const code = await main(["push", file, "--url", url, "--evaluator", "ev_1"], { PODIUM_EVALUATOR_SECRET: secret }, {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(""))).toEqual({ ok: 201 });
    expect(err).toEqual([]);
  });
});
