/**
 * A D1 binding that fails on purpose, for fault tests: the Nth write (a batch, or a single INSERT/UPDATE/DELETE)
 * fails the way D1 really fails. A failing batch is sent to D1 with a constraint-violating statement appended,
 * so D1 itself rolls back whatever ran before it; a failing single statement is not run.
 */
export interface FaultPlan {
  /** Which write fails, 1-based. */
  failAt: number;
}

export interface FaultyDb {
  db: D1Database;
  /** Writes seen so far. */
  writes(): number;
  /** Whether the planned fault happened. */
  fired(): boolean;
}

const WRITE = /^\s*(insert|update|delete|replace)\b/i;
const VIOLATION = "INSERT INTO meta (key, value) VALUES (NULL, NULL)";

export function faultyDb(real: D1Database, plan: FaultPlan): FaultyDb {
  const unwrap = new WeakMap<object, D1PreparedStatement>();
  const sqlOf = new WeakMap<D1PreparedStatement, string>();
  let writes = 0;
  let fired = false;

  const injected = () => {
    fired = true;
    return new Error("D1_ERROR: injected fault (test/support/faulty-db.ts)");
  };

  /** Counts a write; true when this one is the one to fail. */
  function writeFails(): boolean {
    writes++;
    return writes === plan.failAt;
  }

  function beforeStatement(sql: string): void {
    if (WRITE.test(sql) && writeFails()) throw injected();
  }

  function wrap(stmt: D1PreparedStatement, sql: string): D1PreparedStatement {
    sqlOf.set(stmt, sql);
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        if (prop === "run" || prop === "all" || prop === "raw" || prop === "first") {
          return (...args: unknown[]) => {
            beforeStatement(sql);
            return (target[prop] as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    unwrap.set(proxy, stmt);
    return proxy;
  }

  const db = new Proxy(real, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const realStatements = statements.map((s) => unwrap.get(s) ?? s);
          const isWrite = realStatements.some((s) => WRITE.test(sqlOf.get(s) ?? ""));
          if (isWrite && writeFails()) {
            fired = true;
            return target.batch([...realStatements, target.prepare(VIOLATION)]);
          }
          return target.batch(realStatements);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, writes: () => writes, fired: () => fired };
}
