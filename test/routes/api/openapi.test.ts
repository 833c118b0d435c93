import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BOARD_PARAMETERS } from "../../../worker/domain/board/params";

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
