/**
 * The outside services a request may need (the Hub, Hugging Face sign-in), built from the bindings unless
 * already set: tests mount the app behind a middleware that sets doubles first.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context";
import { HttpHubClient } from "../services/hub-client";
import { HttpOAuthClient } from "../services/oauth-client";

export const services = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("hub")) c.set("hub", new HttpHubClient(c.env.HUB_BASE_URL));
  if (!c.get("oauth")) c.set("oauth", new HttpOAuthClient());
  await next();
});
