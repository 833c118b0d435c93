/**
 * The OpenAPI document as outside tools read it, against the served app: valid OpenAPI 3.1 for an independent
 * validator (@seriousme/openapi-schema-validator), every operation fully described (checked as properties of
 * whatever routes the document lists, so routes added later are held to the same rules), every answer the app
 * gives (probes of every operation, then a walk through the whole API) matching its documented status, content
 * type and JSON schema (ajv), and a typed client generated from it (openapi-typescript) that compiles with tsc
 * and reads the board.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import openapiTS from "openapi-typescript";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root, startAppServer, TEST_SECRETS, type AppServer } from "../../scripts/app-server";
import { MAX_BODY_BYTES } from "../../worker/edge/body-limit";
import { harnessResults, uniformBbh } from "../support/harness";
import { answerChecker, fill, type Method, operations, placeholder } from "../support/openapi";

const LEADER = "MaziyarPanahi/calme-3.2-instruct-78b";

describe("the OpenAPI document, read by independent tools", () => {
  let server: AppServer;
  let doc: any;
  let mismatch: ReturnType<typeof answerChecker>;
  /** Every answer's problem with the document, collected by `call`. */
  const problems: string[] = [];
  const seen = new Set<string>();

  /** Requests `path` (a templated path of the document, filled with `params`) and checks the answer. */
  async function call(
    method: Method,
    template: string,
    init: { params?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; json: any; headers: Headers }> {
    const url = `${server.url}${fill(template, init.params ?? {})}${init.query ? `?${init.query}` : ""}`;
    const request = () =>
      fetch(url, { method: method.toUpperCase(), headers: init.headers, body: init.body, redirect: "manual" });
    const res = await (init.body && init.body.length > MAX_BODY_BYTES ? oversized(request) : request());
    const copy = res.clone();
    const problem = await mismatch(method, template, res);
    if (problem) problems.push(problem);
    seen.add(`${method} ${template} ${res.status}`);
    const text = await copy.text();
    const json = (copy.headers.get("content-type") ?? "").startsWith("application/json") ? JSON.parse(text) : text;
    return { status: copy.status, json, headers: copy.headers };
  }

  /**
   * An oversized body is refused from its Content-Length before it is read, and the server closes the connection
   * with the rest unread: the client may then see a reset instead of the 413 (a transport race, not the answer).
   * Such a request is sent again, a few times, until its answer arrives.
   */
  async function oversized(request: () => Promise<Response>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  }

  beforeAll(async () => {
    server = await startAppServer({ vars: { DEV_AUTH: "true", HUB_OFFLINE: "true" } });
    doc = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    mismatch = answerChecker(doc);
  });
  afterAll(() => server?.stop());

  it("is valid OpenAPI 3.1 for @seriousme/openapi-schema-validator, which refuses broken copies of it", async () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(await new Validator().validate(structuredClone(doc))).toEqual({ valid: true });
    const badRef = structuredClone(doc);
    badRef.paths["/api/v1/leaderboard"].get.responses["200"].content["application/json"].schema = {
      $ref: "#/components/schemas/Nothing",
    };
    expect((await new Validator().validate(badRef)).valid).toBe(false);
    const badParameter = structuredClone(doc);
    badParameter.paths["/api/v1/leaderboard"].get.parameters[0].in = "body";
    expect((await new Validator().validate(badParameter)).valid).toBe(false);
  });

  it("describes every operation: tags, a unique operationId, a summary, a schema for every body, its security", () => {
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(25);
    const ids = all.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const schemes = Object.keys(doc.components.securitySchemes);
    for (const { method, path, op } of all) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.summary, where).toEqual(expect.any(String));
      expect(Object.keys(op.responses).length, where).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        expect(response.description, `${where} ${status}`).toEqual(expect.any(String));
        for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, any>)) {
          expect(media.schema, `${where} ${status} ${type}`).toBeDefined();
        }
        if (/^(204|301|302|304)$/.test(status)) expect(response.content, `${where} ${status}`).toBeUndefined();
      }
      for (const media of Object.values((op.requestBody?.content ?? {}) as Record<string, any>)) {
        expect(media.schema, `${where} request body`).toBeDefined();
      }
      for (const parameter of op.parameters ?? []) expect(parameter.schema, `${where} ${parameter.name}`).toBeDefined();
      const named = (op.security ?? []).flatMap((s: object) => Object.keys(s));
      for (const scheme of named) expect(schemes, where).toContain(scheme);
      // A protected operation says who may call it and what a caller without credentials gets.
      if (named.length > 0) expect(op.responses["401"], `${where} 401`).toBeDefined();
      if (path.startsWith("/api/v1/admin/")) expect(named, where).toEqual(["admin"]);
    }
    expect(doc.components.securitySchemes).toMatchObject({
      admin: { type: "http", scheme: "bearer" },
      session: { type: "apiKey", in: "cookie" },
      webhookSignature: { type: "apiKey", in: "header", name: "webhook-signature" },
    });
  });

  it("gives each board parameter its real type: lists of enums, choices, a boolean, bounded integers", () => {
    const parameters = Object.fromEntries(
      (doc.paths["/api/v1/leaderboard"].get.parameters as any[]).map((p) => [p.name, p]),
    );
    expect(parameters.types).toMatchObject({ style: "form", explode: false, schema: { type: "array" } });
    expect(parameters.types.schema.items.enum).toEqual(expect.arrayContaining(["pretrained", "chat", "merge"]));
    expect(parameters.precision.schema.items.enum).toEqual(["bfloat16", "float16", "8bit", "4bit", "GPTQ"]);
    expect(parameters.hide.schema.items.enum).toEqual(["merged", "moe", "flagged", "unavailable"]);
    expect(parameters.benchmarks.schema.items.enum).toEqual(["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"]);
    expect(parameters.sort.schema).toMatchObject({ type: "string", default: "average" });
    expect(parameters.sort.schema.enum).toEqual(expect.arrayContaining(["average", "mmlu_pro", "likes", "params"]));
    expect(parameters.order.schema).toMatchObject({ enum: ["asc", "desc"], default: "desc" });
    expect(parameters.scores.schema.enum).toEqual(["normalized", "raw"]);
    expect(parameters.rank.schema.enum).toEqual(["static", "dynamic"]);
    expect(parameters.average.schema.enum).toEqual(["all", "visible"]);
    expect(parameters.official.schema.type).toBe("boolean");
    expect(parameters.limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 500, default: 100 });
    expect(parameters.offset.schema).toMatchObject({ type: "integer", minimum: 0 });
    expect(new RegExp(parameters.params.schema.pattern).test("7,65")).toBe(true);
    expect(new RegExp(parameters.params.schema.pattern).test("big")).toBe(false);
  });

  it("answers every operation as documented when called bare, and every enum or integer parameter's bad value", async () => {
    for (const { method, path, op } of operations(doc)) {
      const params = Object.fromEntries(
        (op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => [p.name, placeholder(p.schema)]),
      );
      await call(method, path, { params });
      for (const parameter of (op.parameters ?? []).filter((p: any) => p.in === "query")) {
        const s = parameter.schema;
        const bad =
          s.enum || s.items?.enum
            ? "no-such-value"
            : s.type === "integer"
              ? "-1"
              : s.type === "boolean"
                ? "maybe"
                : null;
        if (bad === null) continue;
        const { status } = await call(method, path, { params, query: `${parameter.name}=${bad}` });
        if (!op.security) expect(status, `${method} ${path}?${parameter.name}=${bad}`).toBe(400);
      }
    }
    expect(problems).toEqual([]);
  });

  it("answers as documented through the whole API: reads, the queue and votes, the admin API, signed events", async () => {
    // Reads.
    const board = await call("get", "/api/v1/leaderboard", { query: "limit=3&types=chat,pretrained&official=false" });
    expect(board.status).toBe(200);
    await call("get", "/api/v1/leaderboard", { headers: { "if-none-match": board.headers.get("etag")! } });
    const slice = { params: { version: board.json.version } };
    expect((await call("get", "/api/v1/leaderboard/slices/v2/{version}", slice)).status).toBe(200);
    expect((await call("get", "/api/v1/leaderboard/slices/v2/{version}/rest", slice)).status).toBe(200);
    await call("get", "/api/v1/leaderboard/slices/v2/{version}", { params: { version: "old" } });
    await call("get", "/api/v1/leaderboard/island", { query: "search=qwen&limit=5" });
    await call("get", "/api/v1/leaderboard.csv", { query: "search=qwen&limit=2" });
    await call("get", "/api/v1/leaderboard.json", { query: "search=qwen" });
    const [org, name] = LEADER.split("/") as [string, string];
    for (const file of ["", "/model-index.yaml", "/model-card.md"]) {
      expect((await call("get", `/api/v1/models/{org}/{name}${file}`, { params: { org, name } })).status).toBe(200);
      const legacy = await call("get", `/api/v1/models/{name}${file}`, { params: { name: "gpt2" }, query: "" });
      expect(legacy.status, file).toBe(200);
    }
    for (const template of ["/api/v1/benchmarks", "/feed.atom", "/api/v1/openapi.json", "/healthz"]) {
      expect((await call("get", template)).status, template).toBe(200);
    }
    for (const file of ["calme-3.2-instruct-78b.svg", "calme-3.2-instruct-78b.json"]) {
      await call("get", "/badge/{org}/{file}", { params: { org, file }, query: "style=for-the-badge&logo=github" });
    }
    await call("get", "/badge/{file}", { params: { file: "gpt2.json" } });

    // A signed-in user submits, votes and withdraws.
    const cookieOf = async (user: string) => {
      const res = await fetch(`${server.url}/auth/dev?user=${user}`, { redirect: "manual" });
      return res.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
    };
    const alice = { cookie: await cookieOf("alice"), origin: server.url };
    const bob = { cookie: await cookieOf("bob"), origin: server.url };
    expect((await call("get", "/api/v1/me", { headers: alice })).status).toBe(200);
    const json = { "content-type": "application/json" };
    const submission = JSON.stringify({ model: "openapi-org/queued-7b", precision: "bfloat16", model_type: "chat" });
    const submitted = await call("post", "/api/v1/submissions", { headers: { ...alice, ...json }, body: submission });
    expect(submitted.status).toBe(201);
    await call("post", "/api/v1/submissions", { headers: { ...alice, ...json }, body: submission });
    await call("post", "/api/v1/submissions", { headers: alice, body: submission });
    await call("post", "/api/v1/submissions", { headers: { ...alice, ...json }, body: "{" });
    const id = { id: submitted.json.data.id as string };
    expect((await call("post", "/api/v1/submissions/{id}/vote", { params: id, headers: bob })).status).toBe(201);
    await call("post", "/api/v1/submissions/{id}/vote", { params: id, headers: bob });
    expect((await call("delete", "/api/v1/submissions/{id}/vote", { params: id, headers: bob })).status).toBe(200);
    await call("delete", "/api/v1/submissions/{id}/vote", { params: id, headers: bob });
    await call("get", "/api/v1/queue", { query: "status=PENDING&limit=5" });

    // The admin API.
    const admin = { authorization: `Bearer ${TEST_SECRETS.ADMIN_TOKEN}` };
    const created = await call("post", "/api/v1/admin/evaluators", {
      headers: { ...admin, ...json },
      body: JSON.stringify({ name: "openapi lab" }),
    });
    expect(created.status).toBe(201);
    await call("post", "/api/v1/admin/evaluators", { headers: admin, body: JSON.stringify({ name: "no type" }) });
    await call("post", "/api/v1/admin/evaluators", { headers: { ...admin, ...json }, body: "{}" });
    await call("post", "/api/v1/admin/evaluators", {
      headers: { ...admin, ...json },
      body: JSON.stringify({ name: "x".repeat(70_000) }),
    });
    await call("get", "/api/v1/admin/evaluators", { headers: admin });
    const evaluator = { id: created.json.id as string };
    const spare = await call("post", "/api/v1/admin/evaluators/{id}/rotate", { params: evaluator, headers: admin });
    expect(spare.status).toBe(200);
    await call("post", "/api/v1/admin/evaluators/{id}/rotate", { params: evaluator, headers: admin, body: "{}" });
    await call("post", "/api/v1/admin/evaluators/{id}/rotate", { params: evaluator, headers: admin, body: "[" });
    const keyRevoked = await call("delete", "/api/v1/admin/evaluators/{id}/keys/{key_id}", {
      params: { ...evaluator, key_id: spare.json.key_id },
      headers: admin,
    });
    expect(keyRevoked.status).toBe(200);

    // Signed messages, with the secret the create answer showed.
    const webhook = new Webhook(created.json.secret);
    let n = 0;
    const signed = (body: string, webhookId = `msg_openapi_${++n}`) => {
      const at = new Date();
      return {
        params: evaluator,
        body,
        headers: {
          ...json,
          "webhook-id": webhookId,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": webhook.sign(webhookId, at, body),
        },
      };
    };
    const event = (type: string, data: object) => JSON.stringify({ type, timestamp: new Date().toISOString(), data });
    const run = harnessResults({ model: "openapi-org/pushed-7b", bbh: uniformBbh(0.6) });
    const completed = event("evaluation.completed", { lm_eval: run });
    const stored = await call("post", "/api/v1/evaluators/{id}/events", signed(completed, "msg_openapi_run"));
    expect(stored.status).toBe(201);
    expect((await call("post", "/api/v1/evaluators/{id}/events", signed(completed, "msg_openapi_run"))).status).toBe(
      200,
    );
    await call("post", "/api/v1/evaluators/{id}/events", signed(event("evaluation.completed", { lm_eval: {} })));
    const claimed = await call("post", "/api/v1/evaluators/{id}/jobs/claim", signed(JSON.stringify({ gpu: "H100" })));
    expect(claimed.status).toBe(200);
    const job = { job_id: claimed.json.job_id as string };
    expect(
      (await call("post", "/api/v1/evaluators/{id}/events", signed(event("evaluation.started", job)))).status,
    ).toBe(202);
    const failed = event("evaluation.failed", { ...job, reason: "out of memory" });
    expect((await call("post", "/api/v1/evaluators/{id}/events", signed(failed))).status).toBe(202);
    expect((await call("post", "/api/v1/evaluators/{id}/jobs/claim", signed("{}"))).status).toBe(204);
    expect((await call("delete", "/api/v1/admin/evaluators/{id}", { params: evaluator, headers: admin })).status).toBe(
      200,
    );
    await call("post", "/api/v1/evaluators/{id}/jobs/claim", signed("{}"));

    expect(problems).toEqual([]);
    for (const expected of [
      "post /api/v1/submissions 415",
      "post /api/v1/admin/evaluators 413",
      "post /api/v1/admin/evaluators 415",
      "post /api/v1/evaluators/{id}/events 400",
      "post /api/v1/evaluators/{id}/jobs/claim 401",
      "post /api/v1/submissions/{id}/vote 409",
    ]) {
      expect(seen, expected).toContain(expected);
    }
  });

  it("generates a typed client (openapi-typescript) that compiles with tsc and reads the board", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "podium-openapi-client-"));
    writeFileSync(path.join(dir, "api.d.ts"), await openapiTS(doc));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(path.join(dir, "client.ts"), CLIENT);
    writeFileSync(path.join(dir, "wrong.ts"), WRONG);
    const tsconfig = (files: string[], emit: boolean) =>
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          types: ["node"],
          typeRoots: [path.join(root, "node_modules/@types")],
          ...(emit ? { outDir: "out" } : { noEmit: true }),
        },
        files,
      });
    const tsc = (project: string) =>
      execFileSync(path.join(root, "node_modules/.bin/tsc"), ["-p", project], { cwd: dir, encoding: "utf8" });
    writeFileSync(path.join(dir, "tsconfig.json"), tsconfig(["api.d.ts", "client.ts"], true));
    try {
      tsc("tsconfig.json");
    } catch (error) {
      throw new Error(`the generated client does not compile:\n${(error as { stdout?: string }).stdout}`);
    }

    // The types carry the document's enums and integers: a wrong value for each does not compile.
    writeFileSync(path.join(dir, "tsconfig.wrong.json"), tsconfig(["api.d.ts", "wrong.ts"], false));
    let errors = "";
    try {
      tsc("tsconfig.wrong.json");
    } catch (error) {
      errors = String((error as { stdout?: string }).stdout);
    }
    expect(errors.match(/wrong\.ts\(\d+,\d+\): error/g)).toHaveLength(4);

    const printed = execFileSync(process.execPath, [path.join(dir, "out/client.js"), server.url], { encoding: "utf8" });
    const read = JSON.parse(printed);
    const expected = (await (
      await fetch(`${server.url}/api/v1/leaderboard?types=chat,fine-tuned&sort=average&limit=5`)
    ).json()) as any;
    expect(read.rows).toEqual(expected.data.map((e: any) => ({ rank: e.rank, model: e.model.id, average: e.average })));
    expect(read.rows).toHaveLength(5);
    const model = (await (await fetch(`${server.url}/api/v1/models/${expected.data[0].model.id}`)).json()) as any;
    expect(read.evaluations).toBe(model.evaluations.length);
    expect(read.benchmarks).toEqual(["ifeval", "bbh", "math", "gpqa", "musr", "mmlu_pro"]);
  });
});

/** A small program against the generated types: the board's first rows, the leader's history, the benchmarks. */
const CLIENT = `import type { operations, paths } from "./api.js";

type BoardQuery = NonNullable<operations["getLeaderboard"]["parameters"]["query"]>;
type Board = paths["/api/v1/leaderboard"]["get"]["responses"][200]["content"]["application/json"];
type Model = paths["/api/v1/models/{org}/{name}"]["get"]["responses"][200]["content"]["application/json"];
type Benchmarks = operations["getBenchmarks"]["responses"][200]["content"]["application/json"];

const base = process.argv[2] ?? "http://localhost:8787";

/** The query as the document says to write it: lists comma-separated. */
function search(query: BoardQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, Array.isArray(value) ? value.join(",") : String(value));
  }
  return params.toString();
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(base + path);
  if (!res.ok) throw new Error(path + ": " + res.status);
  return (await res.json()) as T;
}

const query: BoardQuery = { types: ["chat", "fine-tuned"], sort: "average", limit: 5 };
const board = await get<Board>("/api/v1/leaderboard?" + search(query));
const rows = board.data.map((entry) => ({ rank: entry.rank, model: entry.model.id, average: entry.average }));
const [org, name] = board.data[0]!.model.id.split("/");
const model = await get<Model>("/api/v1/models/" + org + "/" + name);
const benchmarks = await get<Benchmarks>("/api/v1/benchmarks");
console.log(JSON.stringify({
  rows,
  evaluations: model.evaluations.length,
  benchmarks: benchmarks.data.map((b) => b.key),
}));
`;

/** Four values the document forbids, each a compile error. */
const WRONG = `import type { operations } from "./api.js";

type BoardQuery = NonNullable<operations["getLeaderboard"]["parameters"]["query"]>;

export const sort: BoardQuery = { sort: "nonsense" };
export const limit: BoardQuery = { limit: "5" };
export const types: BoardQuery = { types: ["robot"] };
export const official: BoardQuery = { official: "yes" };
`;
