/** `/evaluators/{id}`: an evaluator's public record as a page. */
import { renderDocument } from "../../../web/document";
import { EvaluatorPage } from "../../../web/pages/evaluator";
import { NotFoundPage } from "../../../web/pages/not-found";
import { createRouter } from "../../edge/context";
import { cachedRead } from "../../edge/response-cache";
import { evaluatorRecordToJson } from "../../schemas/evaluator-record";
import { evaluatorStanding } from "../../use-cases/evaluator-record";

export const evaluatorPages = createRouter().get(
  "/evaluators/:id",
  cachedRead({ keyedBy: ["board", "moderation"], parameters: [] }),
  async (c) => {
    const id = c.req.param("id");
    const record = await evaluatorStanding(c.var.db, id, { limit: 200, offset: 0 });
    if (!record.ok) {
      return c.html(
        renderDocument({
          title: "Evaluator not found — Podium",
          children: <NotFoundPage what={`No evaluator “${id}” pushes to Podium.`} suggestion="/moderation" />,
        }),
        404,
      );
    }
    const json = evaluatorRecordToJson(record.value);
    return c.html(
      renderDocument({
        title: `${json.name} — evaluator — Podium`,
        description: `The public record of evaluator ${json.name}: trust, hardware, and how its runs fared.`,
        section: "about",
        children: <EvaluatorPage record={json} />,
      }),
    );
  },
);
