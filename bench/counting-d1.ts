/**
 * A D1 binding that counts what production bills and waits for: round trips (a batch is one), statements, rows
 * read and rows written, from each result's `meta.rows_read` / `meta.rows_written` (every statement of a batch
 * included), through `withSession()` too.
 * Runs in the Worker's runtime: the bench wraps the deployed bundle's `env.DB` with it (counting-worker.ts), and
 * tests hand it to the app as its binding.
 *
 * `raw()` and `first()` answer without `meta`, so the count is read from an `all()` of the same statement: for a
 * read, `raw()` runs once more (its answer is the one returned, the extra run is not counted); `first()` and a
 * writing `raw()` (`INSERT … RETURNING`) run as `all()` alone, their answers rebuilt from its rows.
 */

export interface D1Counts {
  /** Round trips to D1: a statement run alone, or a whole batch. */
  calls: number;
  statements: number;
  rowsRead: number;
  rowsWritten: number;
}

export interface CountingD1 {
  db: D1Database;
  counts(): D1Counts;
  /** The SQL of every statement counted, in the order they ran. */
  sql(): string[];
  reset(): void;
}

const WRITE = /^\s*(insert|update|delete|replace)\b/i;

interface Meta {
  rows_read?: number;
  rows_written?: number;
}

export function countingD1(real: D1Database): CountingD1 {
  const tally: D1Counts = { calls: 0, statements: 0, rowsRead: 0, rowsWritten: 0 };
  const ran: string[] = [];
  const statementOf = new WeakMap<object, { real: D1PreparedStatement; sql: string }>();

  const add = (meta: Meta | undefined, sql: string) => {
    ran.push(sql);
    tally.statements++;
    tally.rowsRead += meta?.rows_read ?? 0;
    tally.rowsWritten += meta?.rows_written ?? 0;
  };

  function statement(real: D1PreparedStatement, sql: string): D1PreparedStatement {
    const counted = async <T>(): Promise<D1Result<T>> => {
      tally.calls++;
      const result = await real.all<T>();
      add(result.meta, sql);
      return result;
    };
    const proxy: D1PreparedStatement = {
      bind: (...values: unknown[]) => statement(real.bind(...values), sql),
      all: counted,
      run: counted,
      first: (async (column?: string) => {
        const row = (await counted<Record<string, unknown>>()).results[0];
        if (row === undefined) return null;
        return column === undefined ? row : (row[column] ?? null);
      }) as D1PreparedStatement["first"],
      raw: (async (options?: { columnNames?: boolean }) => {
        if (WRITE.test(sql)) {
          const { results } = await counted<Record<string, unknown>>();
          const rows = results.map((row) => Object.values(row));
          return options?.columnNames ? [Object.keys(results[0] ?? {}), ...rows] : rows;
        }
        tally.calls++;
        const answer = await real.raw(options as { columnNames: true });
        add((await real.all()).meta, sql);
        return answer;
      }) as D1PreparedStatement["raw"],
    };
    statementOf.set(proxy, { real, sql });
    return proxy;
  }

  function surface<D extends D1Database | D1DatabaseSession>(target: D): D {
    return new Proxy(target, {
      get(t, prop) {
        if (prop === "prepare") return (sql: string) => statement(t.prepare(sql), sql);
        if (prop === "batch") {
          return async <T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
            tally.calls++;
            const known = statements.map((s) => statementOf.get(s));
            const results = await t.batch<T>(statements.map((s, i) => known[i]?.real ?? s));
            for (const [i, result] of results.entries()) add(result.meta, known[i]?.sql ?? "?");
            return results;
          };
        }
        if (prop === "withSession") {
          return (constraint?: string) => surface((t as D1Database).withSession(constraint));
        }
        const value = Reflect.get(t, prop, t);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  }

  return {
    db: surface(real),
    counts: () => ({ ...tally }),
    sql: () => [...ran],
    reset() {
      ran.length = 0;
      tally.calls = 0;
      tally.statements = 0;
      tally.rowsRead = 0;
      tally.rowsWritten = 0;
    },
  };
}
