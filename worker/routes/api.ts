/** Every machine-readable route, one module per feature under routes/api/, each described in the OpenAPI document. */
import { createRouter } from "../edge/context";
import { adminApi } from "./api/admin";
import { adminModerationApi } from "./api/admin-moderation";
import { badgesApi } from "./api/badges";
import { benchmarksApi } from "./api/benchmarks";
import { compareApi } from "./api/compare";
import { evaluatorRecordApi } from "./api/evaluator-record";
import { evaluatorsApi } from "./api/evaluators";
import { exportsApi } from "./api/exports";
import { feedApi } from "./api/feed";
import { healthApi } from "./api/health";
import { leaderboardApi } from "./api/leaderboard";
import { meApi } from "./api/me";
import { modelCardsApi } from "./api/model-cards";
import { moderationApi } from "./api/moderation";
import { modelsApi } from "./api/models";
import { queueApi } from "./api/queue";
import { submissionsApi } from "./api/submissions";
import { votesApi } from "./api/votes";

export const api = createRouter()
  .route("/", badgesApi)
  .route("/", healthApi)
  .route("/", adminApi)
  .route("/", adminModerationApi)
  .route("/", evaluatorsApi)
  .route("/", evaluatorRecordApi)
  .route("/", leaderboardApi)
  .route("/", exportsApi)
  .route("/", modelCardsApi)
  .route("/", modelsApi)
  .route("/", compareApi)
  .route("/", benchmarksApi)
  .route("/", feedApi)
  .route("/", meApi)
  .route("/", submissionsApi)
  .route("/", queueApi)
  .route("/", moderationApi)
  .route("/", votesApi);
