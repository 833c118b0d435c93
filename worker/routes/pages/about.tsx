/** `/about`: the methodology page (from the benchmark registry), with a worked example from the board. */
import { renderDocument } from "../../../web/document";
import { AboutPage } from "../../../web/pages/about";
import { createRouter } from "../../edge/context";
import { cachedRead, requestVersion } from "../../edge/response-cache";
import { intervalExample } from "../../use-cases/interval-example";

export const aboutPage = createRouter().get("/about", cachedRead({ keyedBy: ["board"], parameters: [] }), async (c) => {
  const example = await intervalExample(requestVersion(c, "board"));
  return c.html(
    renderDocument({
      title: "How Podium ranks models — Podium",
      description:
        "Benchmarks, normalization formulas, intervals and rank ranges, how results get in, and how to reproduce them.",
      section: "about",
      children: <AboutPage example={example} />,
    }),
  );
});
