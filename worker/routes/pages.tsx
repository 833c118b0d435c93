/** Every HTML route and form POST, one module per feature under routes/pages/. */
import { createRouter } from "../edge/context";
import { aboutPage } from "./pages/about";
import { accountPages } from "./pages/account";
import { authPages } from "./pages/auth";
import { boardPage } from "./pages/board";
import { evaluatorPages } from "./pages/evaluators";
import { moderationPages } from "./pages/moderation";
import { modelPages } from "./pages/models";
import { queuePages } from "./pages/queue";
import { submitPages } from "./pages/submit";

export const pages = createRouter()
  .route("/", boardPage)
  .route("/", modelPages)
  .route("/", aboutPage)
  .route("/", authPages)
  .route("/", queuePages)
  .route("/", moderationPages)
  .route("/", evaluatorPages)
  .route("/", submitPages)
  .route("/", accountPages);
