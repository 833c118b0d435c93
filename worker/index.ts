/** The Worker: wires middleware, mounts the route modules, and exports the handlers. */
import { createRouter } from "./context";
import { errorResponse, PodiumError } from "./errors";
import { securityHeaders } from "./middleware/security-headers";
import { badges } from "./routes/badges";
import { health } from "./routes/health";
import { leaderboardApi } from "./routes/leaderboard";
import { pages } from "./routes/pages";
import { database } from "./store/db";

const app = createRouter();

app.use(securityHeaders);

app.use(async (c, next) => {
  c.set("db", database(c.env.DB));
  await next();
});

app.route("/", badges);
app.route("/", health);
app.route("/", leaderboardApi);
app.route("/", pages);

app.notFound(() => {
  throw new PodiumError("not_found", "No such route");
});
app.onError(errorResponse);

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
