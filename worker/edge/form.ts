/** Reading an HTML form's fields without letting a malformed body become a 500. */
import type { Context } from "hono";
import type { AppEnv } from "./context";
import { PodiumError } from "./errors";

/**
 * The form's fields; a body the runtime cannot parse (a multipart body with a missing or absent boundary, a
 * truncated part) is the client's fault and answers 400, where `parseBody` alone would throw a TypeError.
 */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string | File>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new PodiumError("bad_request", "The form body could not be read: send it as a browser form would");
  }
}
