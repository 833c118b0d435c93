import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

export type Db = DrizzleD1Database;

/**
 * A drizzle handle over a D1 binding (or a D1 session, which has the same query surface). Built without
 * `{ schema }`: nothing uses drizzle's relational query API, and mapping the schema for it costs every request
 * (about 5% of a cached read, measured with bench/profile.ts).
 */
export function database(d1: D1Database | D1DatabaseSession): Db {
  return drizzle(d1 as D1Database);
}
