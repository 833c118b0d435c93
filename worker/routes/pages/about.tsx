/** `/about`: the methodology page (static, from the benchmark registry). */
import { createRouter } from "../../edge/context";
import { renderDocument } from "../../../web/document";
import { AboutPage } from "../../../web/pages/about";

export const aboutPage = createRouter().get("/about", (c) => {
  c.header("cache-control", "public, max-age=3600");
  return c.html(
    renderDocument({
      title: "How Podium ranks models — Podium",
      description: "Benchmarks, normalization formulas, how results get in, and how to reproduce them.",
      section: "about",
      children: <AboutPage />,
    }),
  );
});
