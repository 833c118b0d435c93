/** Liveness: answers without touching D1, so a probe never costs a query. */
import { createRouter } from "../context";

export const health = createRouter().get("/healthz", (c) => c.json({ status: "ok" }));
