/**
 * Cached views read through a D1 session (read replicas): this replaces `c.var.db` with the session for the rest
 * of the request. A client's `x-d1-bookmark` header continues its session, so it reads at least what it saw, and
 * the answer carries the session's bookmark in the same header.
 */
import type { Context } from "hono";
import { database } from "../store/db";
import type { AppEnv } from "./context";

// D1 bookmarks are four hex fields; anything else is ignored rather than handed to D1 (which would refuse it).
const BOOKMARK = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{32}$/i;

export interface ReadSession {
  /** Whether the client's bookmark continued an earlier session (its reads must not be older than it saw). */
  continued: boolean;
  /** Sets the session's bookmark on an answer's headers. */
  bookmarkInto(headers: Headers): void;
}

/** Starts the request's D1 session and makes it `c.var.db`. */
export function readSession(c: Context<AppEnv>): ReadSession {
  const header = c.req.header("x-d1-bookmark");
  const bookmark = header && BOOKMARK.test(header) ? header : null;
  const session = c.env.DB.withSession(bookmark ?? "first-unconstrained");
  c.set("db", database(session));
  return {
    continued: bookmark !== null,
    bookmarkInto(headers) {
      const next = session.getBookmark();
      if (next) headers.set("x-d1-bookmark", next);
    },
  };
}
