/** The Worker: the middleware in order, the route groups, the error answers, and the Cron Trigger. */
import { except } from "hono/combine";
import type { ApiDocument } from "../web/pages/docs";
import { configure } from "./edge/configure";
import { createRouter } from "./edge/context";
import { errorResponse, PodiumError } from "./edge/errors";
import { frontDoor } from "./edge/front-door";
import { isHealthCheck, isHotRead } from "./edge/hot-reads";
import { noStore } from "./edge/no-store";
import { smallBodies } from "./edge/body-limit";
import { openReads } from "./edge/cors";
import { securityHeaders } from "./edge/security-headers";
import { services } from "./edge/services";
import { session } from "./edge/session";
import { api } from "./routes/api";
import { OPENAPI_INFO, openApiRoute, registerSecuritySchemes } from "./routes/api/openapi";
import { pages } from "./routes/pages";
import { docsPage } from "./routes/pages/docs";
import { publishIfBehind } from "./edge/board-source";
import { database } from "./store/db";
import { housekeeping } from "./use-cases/housekeeping";

const app = createRouter();

app.use(securityHeaders);
app.use(configure);
app.use(smallBodies);
app.use("/api/v1/*", openReads);
app.use("/feed.atom", openReads);
app.use("/api/v1/admin/*", noStore);
app.use("/api/v1/me", noStore);
app.use("/auth/*", noStore);
app.use(except(isHealthCheck, services));
app.use(except(isHotRead, session));

app.route("/", api);
app.route("/", pages);

// Last: the document lists every route mounted above, generated once per isolate on first use.
registerSecuritySchemes(app);
let generated: ApiDocument | null = null;
const document = (): ApiDocument => {
  generated ??= app.getOpenAPI31Document(OPENAPI_INFO) as ApiDocument;
  return generated;
};
app.route("/", openApiRoute(document));
app.route("/", docsPage(document));

app.notFound(() => {
  throw new PodiumError("not_found", "No such route");
});
app.onError(errorResponse);

/** The app itself, for tests that mount it behind doubles of the outside services. */
export { app };

const scheduled: ExportedHandlerScheduledHandler<Env> = async (controller, env) => {
  await Promise.all([housekeeping(database(env.DB), controller.scheduledTime), publishIfBehind(env)]);
};

export { BoardPublisher } from "./board-publisher";

// The front door answers a repeated anonymous hot read (edge/front-door.ts) before Hono; everything else is the app.
const fetch = frontDoor((request, env, ctx) => app.fetch(request, env, ctx));

export default { fetch, scheduled } satisfies ExportedHandler<Env>;
