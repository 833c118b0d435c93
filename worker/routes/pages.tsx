/** Server-rendered pages, one module per feature under routes/pages/. */
import { createRouter } from "../context";
import { aboutPage } from "./pages/about";
import { boardPages } from "./pages/board";
import { modelPages } from "./pages/models";

export const pages = createRouter().route("/", boardPages).route("/", modelPages).route("/", aboutPage);
