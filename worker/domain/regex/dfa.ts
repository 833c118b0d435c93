/**
 * Deterministic automata from Thompson ones (./nfa.ts), built in full by subset construction within a work
 * budget, and the one loop that runs them: a table lookup per code unit of the text.
 */
import { ASSERT, CHAR, MATCH, SPLIT, type Nfa } from "./nfa";
import { lowerBound, WORD, type Ranges } from "./syntax";

/** Work units still allowed, shared by every automaton of one search; a unit is about one node visited. */
export interface Budget {
  work: number;
}

const AT_START = 1;
const AT_END = 2;
const PREV_WORD = 4;
const NEXT_WORD = 8;
/** Closing over assertions whose context is not known yet: they stay in the state, pending. */
const PENDING = -1;

function holds(a: number, ctx: number): boolean {
  if (a === 0) return (ctx & AT_START) !== 0;
  if (a === 1) return (ctx & AT_END) !== 0;
  const boundary = ((ctx & PREV_WORD) !== 0) !== ((ctx & NEXT_WORD) !== 0);
  return a === 2 ? boundary : !boundary;
}

/** Code units split into classes that no set of the patterns tells apart: the automaton's alphabet. */
function alphabet(sets: readonly Ranges[]) {
  const cuts = new Set<number>([0]);
  for (const ranges of sets) {
    for (let i = 0; i < ranges.length; i += 2) {
      cuts.add(ranges[i] as number);
      if ((ranges[i + 1] as number) < 0xffff) cuts.add((ranges[i + 1] as number) + 1);
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  let work = 0;
  /** Calls `visit(interval)` for every interval between cuts that `ranges` covers. */
  const each = (ranges: Ranges, visit: (interval: number) => void) => {
    for (let i = 0; i < ranges.length; i += 2) {
      const from = lowerBound(bounds, ranges[i] as number);
      const end = lowerBound(bounds, (ranges[i + 1] as number) + 1);
      for (let at = from; at < end; at++) visit(at);
      work += end - from + 1;
    }
  };
  const signatures = bounds.map(() => "");
  sets.forEach((ranges, j) => {
    each(ranges, (at) => {
      signatures[at] += `${j},`;
    });
  });
  const ids = new Map<string, number>();
  const classOf = Int32Array.from(signatures, (sig) => {
    if (!ids.has(sig)) ids.set(sig, ids.size);
    return ids.get(sig) as number;
  });
  const count = ids.size;
  const member = sets.map((ranges) => {
    const inSet = new Uint8Array(count);
    each(ranges, (at) => (inSet[classOf[at] as number] = 1));
    return inSet;
  });
  const ascii = Int32Array.from({ length: 128 }, (_, c) => classOf[lowerBound(bounds, c + 1) - 1] as number);
  return { bounds, classOf, count, member, ascii, work };
}

/** Sorts `a[0..length)` in place; short runs by insertion, which beats the built-in sort's call there. */
function sortPrefix(a: Int32Array, length: number): void {
  if (length > 32) {
    a.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * The deterministic automaton of `nfa`, or null when building it would overrun the budget; `all` has every
 * pattern's bit. A state is the set of nodes alive after some text, its context (start of text, whether the last
 * unit was a word character) and the patterns matched so far; a state where nothing more can change is final,
 * stored as `~mask`.
 */
export function determinize(nfa: Nfa, all: number, budget: Budget) {
  const start = nfa.start;
  const word = nfa.usesWord ? nfa.sets.push(WORD) - 1 : -1;
  const abc = alphabet(nfa.sets);
  budget.work -= abc.work;
  const k = abc.count;
  const n = nfa.kind.length;
  const kind = Int32Array.from(nfa.kind);
  const arg = Int32Array.from(nfa.arg);
  const next = Int32Array.from(nfa.next);
  const owner = Int32Array.from(nfa.owner);
  // Every node's successors in one array: a fork's branches, an assertion's next node.
  const outFrom = new Int32Array(n + 1);
  const outList: number[] = [];
  for (let x = 0; x < n; x++) {
    outFrom[x] = outList.length;
    if (kind[x] === SPLIT) outList.push(...(nfa.outs[x] as number[]));
    else if (kind[x] === ASSERT) outList.push(next[x] as number);
  }
  outFrom[n] = outList.length;
  const mark = new Int32Array(n);
  const stack = new Int32Array(n);
  let stamp = 0;
  /** Patterns whose match the last `close` reached. */
  let found = 0;

  /** Writes to `out` the nodes reached from `seeds` through forks and the assertions that hold, sorted. */
  const close = (seeds: Int32Array, count: number, ctx: number, atStart: boolean, skip: number, out: Int32Array) => {
    stamp++;
    found = 0;
    let sp = 0;
    let length = 0;
    // Marked when pushed, so the stack never holds a node twice. No closure here: this is the hot loop.
    for (let i = 0; i < count; i++) {
      const x = seeds[i] as number;
      if (mark[x] === stamp || ((owner[x] as number) & skip) !== 0) continue;
      mark[x] = stamp;
      stack[sp++] = x;
    }
    let visits = sp;
    while (sp > 0) {
      const x = stack[--sp] as number;
      const kx = kind[x];
      if (kx === CHAR) out[length++] = x;
      else if (kx === MATCH) found |= owner[x] as number;
      else if (kx === ASSERT && ctx === PENDING) {
        if (arg[x] !== 0 || atStart) out[length++] = x;
      } else if (kx === SPLIT || holds(arg[x] as number, ctx)) {
        for (let o = outFrom[x] as number; o < (outFrom[x + 1] as number); o++) {
          const y = outList[o] as number;
          if (mark[y] === stamp || ((owner[y] as number) & skip) !== 0) continue;
          mark[y] = stamp;
          stack[sp++] = y;
          visits++;
        }
      }
    }
    budget.work -= count + visits;
    sortPrefix(out, length);
    return length;
  };

  // States: their nodes (a slice of `pool`), context, patterns matched, whether assertions are pending.
  let pool = new Int32Array(1024);
  let used = 0;
  const from: number[] = [];
  const context: number[] = [];
  const masks: number[] = [];
  const pending: boolean[] = [];
  /** Hash → the newest state with it; `older` chains states of equal hash. */
  const byHash = new Map<number, number>();
  const older: number[] = [];
  const table: number[] = [];
  const endMask: number[] = [];
  const here = new Int32Array(n);
  const seeds = new Int32Array(n + 1);
  const nodes = new Int32Array(n);

  /** The table entry for the state of the first `length` of `nodes`, less those of patterns already matched. */
  const stateOf = (length: number, ctx: number, mask: number): number => {
    let kept = 0;
    let hash = (ctx * 31 + mask) | 0;
    let assertions = false;
    for (let i = 0; i < length; i++) {
      const x = nodes[i] as number;
      if (((owner[x] as number) & mask) !== 0) continue;
      nodes[kept++] = x;
      hash = Math.imul(hash, 0x01000193) ^ x;
      assertions ||= kind[x] === ASSERT;
    }
    if (kept === 0 || mask === all) return ~mask;
    const newest = byHash.get(hash) ?? -1;
    for (let id = newest; id >= 0; id = older[id] as number) {
      const at = from[id] as number;
      if (context[id] !== ctx || masks[id] !== mask || (from[id + 1] ?? used) - at !== kept) continue;
      let same = true;
      for (let i = 0; i < kept && same; i++) same = pool[at + i] === nodes[i];
      if (same) return id * k;
    }
    if (used + kept > pool.length) {
      const grown = new Int32Array(Math.max(pool.length * 2, used + kept));
      grown.set(pool);
      pool = grown;
    }
    pool.set(nodes.subarray(0, kept), used);
    const id = from.push(used) - 1;
    used += kept;
    context.push(ctx);
    masks.push(mask);
    pending.push(assertions);
    older.push(newest);
    byHash.set(hash, id);
    budget.work -= kept;
    return id * k;
  };

  // Per class, the nodes a unit of that class leads to; a class none leads anywhere restarts the search.
  const classesOf = abc.member.map((inSet) =>
    inSet.reduce<number[]>((list, v, c) => {
      if (v) list.push(c);
      return list;
    }, []),
  );
  const wordOf = Array.from({ length: k }, (_, c) => word >= 0 && (abc.member[word] as Uint8Array)[c] === 1);
  const targets: number[][] = Array.from({ length: k }, () => []);
  const restarts = new Map<number, number>();
  const restart = (nextWord: boolean, reached: number): number => {
    const key = reached * 2 + (nextWord ? 1 : 0);
    let entry = restarts.get(key);
    if (entry === undefined) {
      seeds[0] = start;
      const length = close(seeds, 1, PENDING, false, reached, nodes);
      entry = stateOf(length, nextWord ? PREV_WORD : 0, reached | found);
      restarts.set(key, entry);
    }
    return entry;
  };

  seeds[0] = start;
  const first = stateOf(close(seeds, 1, PENDING, true, 0, nodes), AT_START, found);
  for (let s = 0; s < from.length; s++) {
    const state = pool.slice(from[s] as number, from[s + 1] ?? used);
    const ctx = context[s] as number;
    const atStart = (ctx & AT_START) !== 0;
    const mask = masks[s] as number;
    const assertions = pending[s] as boolean;
    if (assertions) close(state, state.length, ctx | AT_END, atStart, mask, here);
    endMask.push(assertions ? mask | found : mask);
    for (let c = 0; c < k; c++) table.push(0);
    // Pending assertions can only depend on whether the next unit is a word character: two cases at most.
    for (const nextWord of word >= 0 ? [false, true] : [false]) {
      budget.work -= 8 + state.length;
      if (budget.work < 0) return null;
      let alive = state;
      let length = state.length;
      let reached = mask;
      if (assertions) {
        length = close(state, state.length, ctx | (nextWord ? NEXT_WORD : 0), atStart, mask, here);
        alive = here;
        reached |= found;
      }
      for (let i = 0; i < length; i++) {
        const x = alive[i] as number;
        if (kind[x] !== CHAR || ((owner[x] as number) & reached) !== 0) continue;
        for (const c of classesOf[arg[x] as number] as number[]) {
          if (wordOf[c] === nextWord) (targets[c] as number[]).push(next[x] as number);
        }
      }
      for (let c = 0; c < k; c++) {
        if (wordOf[c] !== nextWord) continue;
        const to = targets[c] as number[];
        let entry: number;
        if (to.length === 0) entry = restart(nextWord, reached);
        else {
          // A transition costs about as much as visiting eight nodes, however few it visits.
          budget.work -= 8;
          if (budget.work < 0) return null;
          // The search is unanchored: a new attempt starts at every position.
          seeds[0] = start;
          for (let i = 0; i < to.length; i++) seeds[i + 1] = to[i] as number;
          const length = close(seeds, to.length + 1, PENDING, false, reached, nodes);
          entry = stateOf(length, nextWord ? PREV_WORD : 0, reached | found);
          to.length = 0;
        }
        table[s * k + c] = entry;
      }
    }
  }
  if (budget.work < 0) return null;
  return { abc, table: Int32Array.from(table), endMask: Int32Array.from(endMask), first, states: from.length };
}

export type Dfa = NonNullable<ReturnType<typeof determinize>>;

/**
 * One pass of an automaton over a text. A top-level function reading the automaton into locals, rather than a
 * closure per automaton: V8 then keeps the loop as fast with many automata as with one (about 4 ns a unit).
 */
export function run(dfa: Dfa, text: string): number {
  const { table, endMask, first } = dfa;
  const { ascii, bounds, classOf, count } = dfa.abc;
  let s = first;
  for (let i = 0; i < text.length && s >= 0; i++) {
    const c = text.charCodeAt(i);
    s = table[s + (c < 128 ? (ascii[c] as number) : (classOf[lowerBound(bounds, c + 1) - 1] as number))] as number;
  }
  return s < 0 ? ~s : (endMask[s / count] as number);
}
