/**
 * The front door, in front of Hono: a repeated anonymous GET that the full stack last answered from the isolate's
 * memory (`/healthz`, a cached view, a badge) is answered again here, with the very headers the full stack sent
 * and the body it took from memory, once the read models' versions it was keyed by still hold. Routing, the
 * middleware, zod and the ETag's hash are what a hot read spent most of its time on (bench/profile.ts).
 *
 * Only what cannot change the full stack's answer is skipped: a request that carries anything it reads (a cookie,
 * a bookmark, a validator, an Origin, credentials, a range), any other method, another URL, a moved version, or
 * an answer no longer in memory goes through the full stack, exactly as before. Entries are per bindings object
 * (the configuration, the deployed version among it, is parsed per bindings object) and hold headers only: the
 * bodies stay in hot-memory's budget.
 */
import { database } from "../store/db";
import { type ReadModel, recentState } from "../store/version";
import { boardHolder } from "../use-cases/published-board";
import { recalled } from "./hot-memory";
import { primaryDb } from "./services";

type Handler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/** How the full stack answered a request from memory: what the front door must check to answer it the same. */
export interface MemoryAnswer {
  /** The hot-memory key of the body. */
  memoryKey: string;
  /** The read models whose versions keyed it, named as the cache names them (`board=…`). */
  keyedBy: readonly ReadModel[];
  named: string;
  /** The version staleness the full stack allowed (store/version.ts's default when absent). */
  maxAgeMs?: number;
  /** Views read their versions through a D1 session, and their answer carries its bookmark. */
  readSession: boolean;
}

interface Entry {
  answer: MemoryAnswer | null;
  status: number;
  /** Never handed out itself: a Response copies the headers it is given. */
  headers: Headers;
  /** `/healthz`'s own body: it reads no data, so no version keys it. */
  body: ArrayBuffer | null;
}

const MAX_ENTRIES = 256;
const HEALTH_PATH = "/healthz";
// Headers some middleware or route reads: their presence sends the request through the full stack.
const READ_HEADERS = ["cookie", "authorization", "origin", "if-none-match", "x-d1-bookmark", "range"];

const answered = new WeakMap<Request, MemoryAnswer>();
const entriesOf = new WeakMap<Env, Map<string, Entry>>();

/** Called by the response cache when it answers `request` from the isolate's memory, for anyone alike. */
export function answeredFromMemory(request: Request, answer: MemoryAnswer): void {
  answered.set(request, answer);
}

function plain(request: Request): boolean {
  return request.method === "GET" && !READ_HEADERS.some((name) => request.headers.has(name));
}

function entries(env: Env): Map<string, Entry> {
  let map = entriesOf.get(env);
  if (!map) {
    map = new Map();
    entriesOf.set(env, map);
  }
  return map;
}

/** The versions the full stack would key this answer by now, named, and the bookmark its D1 session leaves. */
async function currentVersions(
  env: Env,
  answer: MemoryAnswer,
): Promise<{ named: string; bookmark: string | null } | null> {
  const session = answer.readSession ? env.DB.withSession("first-unconstrained") : null;
  const db = session ? database(session) : primaryDb(env.DB);
  const state = answer.keyedBy.length ? await recentState(db, false, answer.maxAgeMs) : null;
  // The full stack keys a board view by the published board it serves (edge/board-source.ts): when that would
  // take a read, the answer is the app's to give.
  const board = state && answer.keyedBy.includes("board") ? boardHolder.servedWithoutReading(state) : undefined;
  if (board === null) return null;
  const version = (model: ReadModel) => (model === "board" ? board : state?.versions[model]) ?? "0";
  const named = answer.keyedBy.map((model) => `${model}=${version(model)}`).join(", ");
  return { named, bookmark: session?.getBookmark() ?? null };
}

async function fromEntry(env: Env, entry: Entry): Promise<Response | null> {
  if (!entry.answer) return new Response(entry.body, { status: entry.status, headers: entry.headers });
  const now = await currentVersions(env, entry.answer);
  if (!now || now.named !== entry.answer.named) return null;
  const body = recalled(entry.answer.memoryKey);
  if (!body) return null;
  if (!now.bookmark) return new Response(body.body, { status: entry.status, headers: entry.headers });
  const headers = new Headers(entry.headers);
  headers.set("x-d1-bookmark", now.bookmark);
  return new Response(body.body, { status: entry.status, headers });
}

async function record(env: Env, request: Request, response: Response): Promise<void> {
  const answer = answered.get(request) ?? null;
  const health = new URL(request.url).pathname === HEALTH_PATH;
  if (response.status !== 200 || (!answer && !health)) return;
  const headers = new Headers(response.headers);
  headers.delete("x-d1-bookmark");
  const body = answer ? null : await response.clone().arrayBuffer();
  const map = entries(env);
  map.delete(request.url);
  map.set(request.url, { answer, status: response.status, headers, body });
  // Map order is insertion order: the first key is the least recently recorded.
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

/** `full` (the whole app) behind the front door. */
export function frontDoor(full: Handler): Handler {
  return async (request, env, ctx) => {
    if (!plain(request)) return full(request, env, ctx);
    const entry = entries(env).get(request.url);
    const fast = entry ? await fromEntry(env, entry) : null;
    if (fast) return fast;
    if (entry) entries(env).delete(request.url);
    const response = await full(request, env, ctx);
    await record(env, request, response);
    return response;
  };
}
