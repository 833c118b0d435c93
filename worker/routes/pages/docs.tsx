/** `/docs`: the readable API reference, built from the OpenAPI document. */
import { renderDocument } from "../../../web/document";
import { type ApiDocument, DocsPage } from "../../../web/pages/docs";
import { createRouter } from "../../edge/context";
import { cachedRead } from "../../edge/response-cache";

// The document describes the code, not the data: keyed by the deployed version alone, no write moves it.
const CODE_ONLY = { keyedBy: [], parameters: [], maxAge: 300 } as const;

/** The page of `document()`. */
export function docsPage(document: () => ApiDocument) {
  return createRouter().get("/docs", cachedRead(CODE_ONLY), (c) =>
    c.html(
      renderDocument({
        title: "API reference — Podium",
        description: "The Podium JSON API: leaderboard views, models, benchmarks, exports.",
        section: "docs",
        children: <DocsPage doc={document()} />,
      }),
    ),
  );
}
