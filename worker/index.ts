/** The Worker: wires middleware, mounts the route modules, and exports the handlers. */
import { createRouter } from "./context";
import { errorResponse, PodiumError } from "./errors";
import { openReads } from "./middleware/cors";
import { smallBodies } from "./middleware/body-limit";
import { noStore } from "./middleware/no-store";
import { secretsCheck } from "./middleware/secrets-check";
import { securityHeaders } from "./middleware/security-headers";
import { services } from "./middleware/services";
import { session } from "./middleware/session";
import { adminEvaluators } from "./routes/admin-evaluators";
import { badges } from "./routes/badges";
import { benchmarksApi } from "./routes/benchmarks";
import { docsRoutes, OPENAPI_INFO } from "./routes/docs";
import { evaluatorEvents } from "./routes/evaluator-events";
import { evaluatorJobs } from "./routes/evaluator-jobs";
import { exportsApi } from "./routes/exports";
import { feed } from "./routes/feed";
import { health } from "./routes/health";
import { leaderboardApi } from "./routes/leaderboard";
import { modelsApi } from "./routes/models";
import { pages } from "./routes/pages";
import { auth } from "./routes/auth";
import { queueApi } from "./routes/queue";
import { queuePages } from "./routes/queue-pages";
import { submissionsApi } from "./routes/submissions";
import { votesApi } from "./routes/votes";
import { scheduled } from "./scheduled";
import { database } from "./store/db";

const app = createRouter();

app.use(securityHeaders);
app.use(secretsCheck);
app.use(smallBodies);
app.use("/api/v1/*", openReads);
app.use("/feed.atom", openReads);
app.use("/api/v1/admin/*", noStore);
app.use("/api/v1/me", noStore);
app.use("/auth/*", noStore);

app.use(async (c, next) => {
  c.set("db", database(c.env.DB));
  await next();
});
app.use(services);
app.use(session);

app.route("/", badges);
app.route("/", health);
app.route("/", adminEvaluators);
app.route("/", evaluatorEvents);
app.route("/", evaluatorJobs);
app.route("/", leaderboardApi);
app.route("/", exportsApi);
app.route("/", modelsApi);
app.route("/", benchmarksApi);
app.route("/", feed);
app.route("/", pages);
app.route("/", auth);
app.route("/", submissionsApi);
app.route("/", queueApi);
app.route("/", votesApi);
app.route("/", queuePages);
// Last: the document lists every route mounted above.
app.route(
  "/",
  docsRoutes(() => app.getOpenAPI31Document(OPENAPI_INFO)),
);

app.notFound(() => {
  throw new PodiumError("not_found", "No such route");
});
app.onError(errorResponse);

/** The app itself, for tests that mount it behind doubles of the outside services. */
export { app };

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
