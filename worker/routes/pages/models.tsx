/** `/models/{org}/{name}` (and legacy ids such as `/models/gpt2`) and `/compare`: pages about particular models. */
import type { Context } from "hono";
import { islandScript } from "../../../web/assets";
import { BadgeSnippets } from "../../../web/components/badge-snippets";
import { ModelCardSnippets } from "../../../web/components/model-card-snippets";
import { renderDocument } from "../../../web/document";
import { ComparePage, type ComparedModel } from "../../../web/pages/compare";
import { ModelPage } from "../../../web/pages/model";
import { NotFoundPage } from "../../../web/pages/not-found";
import { MAX_COMPARED } from "../../domain/board/compare";
import { applyBoard, bestScores } from "../../domain/board/engine";
import { defaultBoardQuery } from "../../domain/board/query";
import { boardLength } from "../../domain/board/snapshot";
import { idPath } from "../../domain/ids";
import { type AppEnv, createRouter } from "../../edge/context";
import { cachedRead, requestVersion } from "../../edge/response-cache";
import { modelDetailJson } from "../../schemas/models";
import { compactBoard, compareModels, evaluatorNames, historyRankRanges, modelRecord } from "../../use-cases/board";
import { cardOfHistory } from "../../use-cases/model-card";
import { modelApiHref } from "../../../web/links";

async function modelPage(c: Context<AppEnv>, id: string) {
  const db = c.var.db;
  const version = requestVersion(c, "board");
  const [record, board] = await Promise.all([modelRecord(db, version, id), compactBoard(version)]);
  if (!record.ok) {
    return c.html(
      renderDocument({
        title: "Model not found — Podium",
        children: (
          <NotFoundPage
            what={`No model named “${id}” has been evaluated on Podium.`}
            suggestion={`/?search=${encodeURIComponent(id)}`}
          />
        ),
      }),
      404,
    );
  }
  const history = record.value;
  // Hub ids are case-insensitive: `/models/qwen/x` is Qwen/x, and the page has one URL, the canonical one.
  if (history.model.id !== id)
    return c.redirect(`/models/${idPath(history.model.id)}${new URL(c.req.url).search}`, 301);
  const detail = modelDetailJson(history, await historyRankRanges(version, history));
  const origin = new URL(c.req.url).origin;
  const card = cardOfHistory(history, origin);
  // The copy buttons are the page's only script, and only where there is something to copy.
  const copy = card.ok ? islandScript("copy") : undefined;
  return c.html(
    renderDocument({
      title: `${id} — Podium`,
      description: `Scores, history and provenance of ${id} on the open LLM leaderboard.`,
      scripts: copy ? [copy] : [],
      children: (
        <ModelPage
          detail={detail}
          best={bestScores(board)}
          evaluatorNames={await evaluatorNames(db, history)}
          badges={card.ok ? <BadgeSnippets origin={origin} modelId={id} /> : undefined}
          modelCard={
            card.ok ? (
              <ModelCardSnippets
                modelIndex={card.value.modelIndex}
                markdown={card.value.markdown}
                urls={{
                  modelIndex: `${modelApiHref(id)}/model-index.yaml`,
                  markdown: `${modelApiHref(id)}/model-card.md`,
                }}
              />
            ) : undefined
          }
        />
      ),
    }),
  );
}

/** Model ids from `models=a,b` (or repeated `models`), trimmed, deduplicated, in the order given. */
function askedModels(c: Context<AppEnv>): string[] {
  const ids = (c.req.queries("models") ?? [])
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(ids)];
}

async function comparePage(c: Context<AppEnv>) {
  const asked = askedModels(c);
  const problems: string[] = [];
  if (asked.length > MAX_COMPARED) {
    problems.push(
      `Up to ${MAX_COMPARED} models can be compared at once; ${asked.length} were named, the first ${MAX_COMPARED} are shown.`,
    );
  }
  const board = await compactBoard(requestVersion(c, "board"));
  const found = await compareModels(c.var.db, board, asked.slice(0, MAX_COMPARED));
  const picked = found.flatMap((f) => (f.row ? [f.row] : []));
  for (const f of found) {
    if (f.row) continue;
    problems.push(
      f.known ? `“${f.id}” has no ranked evaluation yet.` : `No model named “${f.id}” has been evaluated on Podium.`,
    );
  }
  const ranks = applyBoard(board, { ...defaultBoardQuery(), pinned: picked.map((r) => r.id), limit: MAX_COMPARED });
  const models: ComparedModel[] = picked.map((row) => {
    const ranked = ranks.rows.find((r) => r.row.id === row.id);
    return { row, rank: ranked?.rank ?? 0, rankRange: ranked?.rankRange ?? null, averageSe: ranked?.averageSe ?? null };
  });
  const status = problems.length === 0 ? 200 : asked.length > MAX_COMPARED ? 400 : models.length === 0 ? 404 : 200;
  return c.html(
    renderDocument({
      title: models.length
        ? `Compare ${models.map((m) => m.row.model).join(", ")} — Podium`
        : "Compare models — Podium",
      description: "Open LLMs side by side on the six leaderboard benchmarks.",
      section: "compare",
      children: <ComparePage asked={asked} models={models} problems={problems} boardSize={boardLength(board)} />,
    }),
    status,
  );
}

const MODEL_PAGE = { keyedBy: ["board"], parameters: [] } as const;

export const modelPages = createRouter()
  .get("/models/:org/:name", cachedRead(MODEL_PAGE), (c) =>
    modelPage(c, `${c.req.param("org")}/${c.req.param("name")}`),
  )
  .get("/models/:name", cachedRead(MODEL_PAGE), (c) => modelPage(c, c.req.param("name")))
  .get("/compare", cachedRead({ keyedBy: ["board"], parameters: ["models"] }), comparePage);
