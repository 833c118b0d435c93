/** `/models/{org}/{name}` (and legacy ids such as `/models/gpt2`) and `/compare`: pages about particular models. */
import type { Context } from "hono";
import type { AppEnv } from "../../context";
import { createRouter } from "../../context";
import { BENCHMARK_KEYS, type BenchmarkKey } from "../../domain/benchmarks";
import { applyBoard, defaultBoardQuery, type CompactRow } from "../../domain/board";
import { modelDetail } from "../../domain/model-detail";
import { cachedRead, requestVersion } from "../../middleware/cache";
import { compactBoard } from "../../services/board";
import { modelHistory } from "../../store/board";
import { findEvaluator } from "../../store/evaluators";
import { findModel } from "../../store/models";
import { BadgeSnippets } from "../../../web/components/badge-snippets";
import { renderDocument } from "../../../web/document";
import { ComparePage, MAX_COMPARED, type ComparedModel } from "../../../web/pages/compare";
import { ModelPage } from "../../../web/pages/model";
import { NotFoundPage } from "../../../web/pages/not-found";

/** The best ranked score per benchmark and for the average: where the model page's bars end. */
function bestOf(board: readonly CompactRow[]): Record<BenchmarkKey | "average", number> {
  const best = { average: 0 } as Record<BenchmarkKey | "average", number>;
  for (const k of BENCHMARK_KEYS) best[k] = 0;
  for (const r of board) {
    best.average = Math.max(best.average, r.average ?? 0);
    BENCHMARK_KEYS.forEach((k, i) => {
      best[k] = Math.max(best[k], r.normalized[i] ?? 0);
    });
  }
  return best;
}

async function modelPage(c: Context<AppEnv>, id: string) {
  const db = c.var.db;
  const [history, board] = await Promise.all([modelHistory(db, id), compactBoard(db, requestVersion(c, "board"))]);
  // Hub ids are case-insensitive: `/models/qwen/x` is Qwen/x, and the page has one URL, the canonical one.
  if (history && history.model.id !== id) {
    const path = history.model.id.split("/").map(encodeURIComponent).join("/");
    return c.redirect(`/models/${path}${new URL(c.req.url).search}`, 301);
  }
  if (!history) {
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
  const detail = modelDetail(history.model, history.evaluations, history.ranks, history.boardSize);
  const evaluatorIds = [
    ...new Set(detail.evaluations.map((e) => e.evaluator_id).filter((e): e is string => e !== null)),
  ];
  const evaluators = await Promise.all(evaluatorIds.map((e) => findEvaluator(db, e)));
  const evaluatorNames = Object.fromEntries(evaluators.flatMap((e) => (e ? [[e.id, e.name]] : [])));
  const origin = new URL(c.req.url).origin;
  return c.html(
    renderDocument({
      title: `${id} — Podium`,
      description: `Scores, history and provenance of ${id} on the open LLM leaderboard.`,
      children: (
        <ModelPage
          detail={detail}
          best={bestOf(board)}
          evaluatorNames={evaluatorNames}
          badges={detail.ranks.length > 0 ? <BadgeSnippets origin={origin} modelId={id} /> : undefined}
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

const MODEL_PAGE = { keyedBy: ["board"], parameters: [] } as const;

export const modelPages = createRouter()
  .get("/models/:org/:name", cachedRead(MODEL_PAGE), (c) =>
    modelPage(c, `${c.req.param("org")}/${c.req.param("name")}`),
  )
  .get("/models/:name", cachedRead(MODEL_PAGE), (c) => modelPage(c, c.req.param("name")))
  .get("/compare", cachedRead({ keyedBy: ["board"], parameters: ["models"] }), async (c) => {
    const db = c.var.db;
    const asked = askedModels(c);
    const problems: string[] = [];
    if (asked.length > MAX_COMPARED) {
      problems.push(
        `Up to ${MAX_COMPARED} models can be compared at once; ${asked.length} were named, the first ${MAX_COMPARED} are shown.`,
      );
    }
    const board = await compactBoard(db, requestVersion(c, "board"));
    const picked: CompactRow[] = [];
    for (const id of asked.slice(0, MAX_COMPARED)) {
      // The board is in rank order, so the first match is the model's best ranked evaluation.
      const lower = id.toLowerCase();
      const row = board.find((r) => r.model === id) ?? board.find((r) => r.model.toLowerCase() === lower);
      if (row) picked.push(row);
      else if (await findModel(db, id)) problems.push(`“${id}” has no ranked evaluation yet.`);
      else problems.push(`No model named “${id}” has been evaluated on Podium.`);
    }
    const ranks = applyBoard(board, { ...defaultBoardQuery(), pinned: picked.map((r) => r.id), limit: MAX_COMPARED });
    const models: ComparedModel[] = picked.map((row) => ({
      row,
      rank: ranks.rows.find((r) => r.row.id === row.id)?.rank ?? 0,
    }));
    const status = problems.length === 0 ? 200 : asked.length > MAX_COMPARED ? 400 : models.length === 0 ? 404 : 200;
    return c.html(
      renderDocument({
        title: models.length
          ? `Compare ${models.map((m) => m.row.model).join(", ")} — Podium`
          : "Compare models — Podium",
        description: "Open LLMs side by side on the six leaderboard benchmarks.",
        section: "compare",
        children: <ComparePage asked={asked} models={models} problems={problems} boardSize={board.length} />,
      }),
      status,
    );
  });
