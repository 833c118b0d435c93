/** Who is signed in, as JSON. */
import { z } from "@hono/zod-openapi";

export const me = z
  .object({ user: z.object({ id: z.string(), name: z.string(), avatar_url: z.string().nullable() }) })
  .openapi("Me");
