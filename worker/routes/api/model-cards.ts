/**
 * A model's results as model-card metadata, to paste into its Hugging Face card: `model-index.yaml` (the
 * front-matter block behind the Hub's "Evaluation results" panel) and `model-card.md` (the Markdown table the old
 * leaderboard's results bot added to card bodies), for `org/name` and legacy ids alike. Cached like the model API,
 * under the board version.
 *
 * YAML is served as `application/yaml` (RFC 9512 registers it and lists `text/yaml` as a deprecated alias) with
 * `charset=utf-8`: the registration defines no parameters and asks recipients to ignore unknown ones, while
 * generic HTTP tools that decode by charset then read the UTF-8 body right. Markdown is `text/markdown`, whose
 * registration (RFC 7763) requires the charset.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { PRECISIONS } from "../../domain/vocabulary";
import { type AppEnv, createRouter } from "../../edge/context";
import { orRefuse } from "../../edge/refusals";
import { cachedRoute, requestVersion } from "../../edge/response-cache";
import { errorContent, notModified } from "../../schemas/common";
import { type ModelCard, modelCard } from "../../use-cases/model-card";

const segment = (description: string) => z.string().min(1).max(200).openapi({ description });

const query = z.object({
  precision: z
    .enum(PRECISIONS)
    .optional()
    .openapi({ description: "The ranked evaluation of this precision; by default the best ranked one" }),
});

interface Format {
  file: string;
  contentType: string;
  operation: string;
  summary: string;
  description: string;
  text: (card: ModelCard) => string;
}

const FORMATS: readonly Format[] = [
  {
    file: "model-index.yaml",
    contentType: "application/yaml",
    operation: "ModelIndex",
    summary: "The model's results as the `model-index` block of a Hugging Face model card",
    description:
      "One entry per benchmark as the old leaderboard's results bot wrote them (dataset name and Hub id, few-shot " +
      "count, metric type and name, the normalized score with two decimals), each with a `source` pointing to " +
      "the model's Podium page at the evaluation's precision. Paste it into the card's YAML front matter.",
    text: (card) => card.modelIndex,
  },
  {
    file: "model-card.md",
    contentType: "text/markdown",
    operation: "ModelCardMarkdown",
    summary: "The model's results as the Markdown table of a Hugging Face model card",
    description:
      "A heading naming Podium, a link to the model's page and a table of the average and the six benchmarks' " +
      "normalized scores with two decimals, as the old leaderboard's results bot added to card bodies.",
    text: (card) => card.markdown,
  },
];

const responses = (format: Format) => ({
  200: {
    description: `The ${format.file} text`,
    content: { [format.contentType]: { schema: z.string().openapi({ description: format.summary }) } },
  },
  400: errorContent("`precision` is not one of the precisions"),
  404: errorContent("No model with this id, or it has no ranked evaluation (of that precision)"),
  ...notModified,
});

function routes(format: Format) {
  const withOrg = createRoute(
    cachedRoute(["board"], {
      method: "get",
      path: `/api/v1/models/{org}/{name}/${format.file}`,
      tags: ["Models"],
      operationId: `get${format.operation}`,
      summary: format.summary,
      description: format.description,
      request: {
        params: z.object({ org: segment("Hub namespace, e.g. `meta-llama`"), name: segment("Model name") }),
        query,
      },
      responses: responses(format),
    }),
  );
  const legacy = createRoute(
    cachedRoute(["board"], {
      method: "get",
      path: `/api/v1/models/{name}/${format.file}`,
      tags: ["Models"],
      operationId: `getLegacy${format.operation}`,
      summary: `${format.summary}, for a legacy Hub id without namespace (e.g. \`gpt2\`)`,
      description: format.description,
      request: { params: z.object({ name: segment("Legacy model id") }), query },
      responses: responses(format),
    }),
  );
  return { withOrg, legacy };
}

async function answer(
  c: Context<AppEnv>,
  format: Format,
  modelId: string,
  precision: z.infer<typeof query>["precision"],
) {
  const card = orRefuse(
    await modelCard(c.var.db, requestVersion(c, "board"), modelId, new URL(c.req.url).origin, precision),
  );
  return c.body(format.text(card), 200, { "content-type": `${format.contentType}; charset=utf-8` });
}

const [yaml, markdown] = FORMATS.map(routes) as [ReturnType<typeof routes>, ReturnType<typeof routes>];
const [yamlFormat, markdownFormat] = FORMATS as [Format, Format];

// Mounted before the model routes: `/api/v1/models/gpt2/model-index.yaml` would otherwise read as the model
// `gpt2/model-index.yaml`.
export const modelCardsApi = createRouter()
  .openapi(yaml.withOrg, (c) => {
    const { org, name } = c.req.valid("param");
    return answer(c, yamlFormat, `${org}/${name}`, c.req.valid("query").precision);
  })
  .openapi(yaml.legacy, (c) => answer(c, yamlFormat, c.req.valid("param").name, c.req.valid("query").precision))
  .openapi(markdown.withOrg, (c) => {
    const { org, name } = c.req.valid("param");
    return answer(c, markdownFormat, `${org}/${name}`, c.req.valid("query").precision);
  })
  .openapi(markdown.legacy, (c) =>
    answer(c, markdownFormat, c.req.valid("param").name, c.req.valid("query").precision),
  );
