/**
 * Conditional writes: D1 has no transactions beyond a batch and no BEGIN, so rules that must be exact under
 * concurrency (quotas, caps) are written as one `INSERT … SELECT … WHERE <rule>` statement, which SQLite runs
 * atomically.
 */
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "./db";

/**
 * An insert of `row` that only happens when `condition` holds at write time. Columns missing from `row` take
 * their schema default (or NULL, which lets an integer primary key autoincrement).
 */
export function insertWhere<T extends SQLiteTable>(db: Db, table: T, row: T["$inferInsert"], condition: SQL) {
  const values = row as Record<string, unknown>;
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const given = values[key];
    const value = given === undefined ? (column.hasDefault ? column.default : null) : given;
    return value === null || value === undefined ? sql`null` : sql`${column.mapToDriverValue(value)}`;
  });
  return db.insert(table).select(sql`select ${sql.join(columns, sql`, `)} where ${condition}`);
}

/** Whether a D1 failure (possibly wrapped by drizzle) is a violated UNIQUE or PRIMARY KEY constraint. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (/UNIQUE constraint failed|PRIMARY KEY constraint failed/.test(e.message)) return true;
  }
  return false;
}
