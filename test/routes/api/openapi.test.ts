import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BOARD_PARAMETERS } from "../../../worker/domain/board/params";
import { app } from "../../../worker/index";

/** Every machine-readable route the app serves, as `METHOD /path/{param}` (pages and the OAuth flow are HTML). */
function apiRoutes(): string[] {
  const machine = /^\/(api\/|badge\/|feed\.atom$|healthz$)/;
  const routes = app.routes
    .filter((r) => r.method !== "ALL" && machine.test(r.path))
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  return [...new Set(routes)].sort();
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

describe("GET /api/v1/openapi.json", () => {
  describe("happy", () => {
    it("is an OpenAPI 3.1 document generated from the routes' schemas", async () => {
      const res = await SELF.fetch("https://podium.test/api/v1/openapi.json");
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.get("cache-control")).toBe("public, max-age=300, must-revalidate");
      const etag = res.headers.get("etag")!;
      const doc = (await res.json()) as any;
      expect(doc.openapi).toBe("3.1.0");
      const again = await SELF.fetch("https://podium.test/api/v1/openapi.json", { headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(doc.info.title).toBe("Podium API");
      for (const path of [
        "/api/v1/leaderboard",
        "/api/v1/leaderboard.csv",
        "/api/v1/leaderboard.json",
        "/api/v1/models/{org}/{name}",
        "/api/v1/models/{name}",
        "/api/v1/benchmarks",
      ]) {
        expect(doc.paths[path]?.get, path).toBeDefined();
      }
    });

    it("documents every board parameter with the description the validator uses", async () => {
      const doc = (await (await SELF.fetch("https://podium.test/api/v1/openapi.json")).json()) as any;
      const parameters = doc.paths["/api/v1/leaderboard"].get.parameters as any[];
      expect(parameters.map((p) => p.name).sort()).toEqual(Object.keys(BOARD_PARAMETERS).sort());
      for (const p of parameters) {
        expect(p.in).toBe("query");
        expect(p.description).toBe(BOARD_PARAMETERS[p.name]!.description);
      }
      const model = doc.paths["/api/v1/models/{org}/{name}"].get;
      expect(model.parameters.map((p: any) => [p.name, p.in, p.required])).toEqual([
        ["org", "path", true],
        ["name", "path", true],
      ]);
      expect(Object.keys(model.responses)).toEqual(expect.arrayContaining(["200", "404"]));
      expect(model.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/ModelDetail");
    });

    it("describes response bodies field by field", async () => {
      const doc = (await (await SELF.fetch("https://podium.test/api/v1/openapi.json")).json()) as any;
      const ok = doc.paths["/api/v1/leaderboard"].get.responses["200"].content["application/json"].schema;
      expect(ok.$ref).toBe("#/components/schemas/BoardPage");
      const entry = doc.components.schemas.BoardEntry;
      expect(Object.keys(entry.properties)).toEqual(
        expect.arrayContaining(["rank", "evaluation_id", "model", "average", "scores", "pinned"]),
      );
      expect(Object.keys(entry.properties.scores.properties)).toEqual([
        "ifeval",
        "bbh",
        "math",
        "gpqa",
        "musr",
        "mmlu_pro",
      ]);
      expect(doc.components.schemas.Error.properties.error.properties.code.type).toBe("string");
    });
  });
});

describe("the document covers the API", () => {
  it("lists every machine-readable route the app serves, and nothing it does not", async () => {
    const doc = (await (await SELF.fetch("https://podium.test/api/v1/openapi.json")).json()) as any;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(apiRoutes().length).toBeGreaterThan(20);
    expect(documented).toEqual(apiRoutes());
  });

  it("describes each operation fully: tags, a unique operationId, every error answer with the error schema", async () => {
    const doc = (await (await SELF.fetch("https://podium.test/api/v1/openapi.json")).json()) as any;
    const operations = Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ where: `${m} ${path}`, op: item[m] })),
    );
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { where, op } of operations) {
      expect(op.tags?.length, where).toBeGreaterThan(0);
      expect(op.summary, where).toEqual(expect.any(String));
      for (const [status, response] of Object.entries(op.responses as Record<string, any>)) {
        if (Number(status) < 400 || where.includes("/badge/")) continue;
        expect(response.content?.["application/json"]?.schema?.$ref, `${where} ${status}`).toBe(
          "#/components/schemas/Error",
        );
      }
    }
  });

  it("names the security each protected operation needs, and registers every scheme it names", async () => {
    const doc = (await (await SELF.fetch("https://podium.test/api/v1/openapi.json")).json()) as any;
    const security = (method: string, path: string) =>
      (doc.paths[path][method].security ?? []).flatMap((s: object) => Object.keys(s));
    expect(security("post", "/api/v1/submissions")).toEqual(["session"]);
    expect(security("delete", "/api/v1/submissions/{id}/vote")).toEqual(["session"]);
    expect(security("get", "/api/v1/me")).toEqual(["session"]);
    expect(security("post", "/api/v1/admin/evaluators")).toEqual(["admin"]);
    expect(security("delete", "/api/v1/admin/evaluators/{id}/keys/{key_id}")).toEqual(["admin"]);
    expect(security("post", "/api/v1/evaluators/{id}/events")).toEqual(["webhookSignature"]);
    expect(security("post", "/api/v1/evaluators/{id}/jobs/claim")).toEqual(["webhookSignature"]);
    expect(security("get", "/api/v1/leaderboard")).toEqual([]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(["admin", "session", "webhookSignature"]);
  });
});

describe("GET /docs", () => {
  describe("happy", () => {
    it("renders the API reference on the server, without scripts", async () => {
      const res = await SELF.fetch("https://podium.test/docs");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain("<h1>Podium API</h1>");
      expect(html).toContain("GET /api/v1/leaderboard.csv");
      expect(html).toContain('href="#get-api-v1-models-org-name"');
      expect(html).toContain('id="get-api-v1-models-org-name"');
      expect(html).toContain("<code>search</code>");
      expect(html).toContain("<code>meta @architecture:llama; 7b @license:apache</code>");
      expect(html).toContain('<a href="#schema-BoardPage">BoardPage</a>');
      expect(html).toContain('id="schema-BoardEntry"');
      expect(html).toContain("<code>evaluation_id</code>");
      expect(html).not.toContain("<script");
      expect(html).toContain('aria-current="page"');
    });
  });
});
