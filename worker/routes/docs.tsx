/** The OpenAPI document (`/api/v1/openapi.json`) and the readable API reference built from it (`/docs`). */
import { createRouter } from "../context";
import { cachedRead } from "../middleware/cache";
import { renderDocument } from "../../web/document";
import { type ApiDocument, DocsPage } from "../../web/pages/docs";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Podium API",
    version: "1",
    description:
      "Read-only JSON API of Podium, the open LLM leaderboard: any view of the board, models with their full " +
      "evaluation history, the benchmark registry and bulk exports.",
  },
} as const;

// The document describes the code, not the data: keyed by the deployed version alone, no write moves it.
const CODE_ONLY = { keyedBy: [], parameters: [], maxAge: 300 } as const;

/** Routes serving `document()`, which is generated once per isolate on first use. */
export function docsRoutes(document: () => ApiDocument) {
  let generated: ApiDocument | null = null;
  const doc = () => (generated ??= document());
  return createRouter()
    .get("/api/v1/openapi.json", cachedRead(CODE_ONLY), (c) => c.json(doc()))
    .get("/docs", cachedRead(CODE_ONLY), (c) =>
      c.html(
        renderDocument({
          title: "API reference — Podium",
          description: "The Podium JSON API: leaderboard views, models, benchmarks, exports.",
          section: "docs",
          children: <DocsPage doc={doc()} />,
        }),
      ),
    );
}
