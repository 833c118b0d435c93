/**
 * Rank ranges, exactly as ../shared/reference/statistics.md defines them: within a ranking set, row j is ahead
 * of row i when `A_j − A_i > 1.96·sqrt(SE_i² + SE_j²)`; `best_i = 1 + #{j ahead of i}` and
 * `worst_i = N − #{j that i is ahead of}`. Columnar and sub-quadratic, so a board of 100,000 rows takes a
 * fraction of a second where the all-pairs pass takes 10¹⁰ comparisons. Pure.
 *
 * N counts the members with an average. A guest (a pinned row outside a filtered view) gets the range it would
 * have in the view, so it must not also be a member. Rows without an average are outside the ranking.
 */
import { Z95 } from "./statistics";

/** A ranking set (or its guests) as columns: NaN (or any non-finite value) for a row without an average. */
export interface RankRows {
  averages: Float64Array;
  ses: Float64Array;
}

/** Per row, in input order; 0 in both for a row without an average (it is outside the ranking). */
export interface RankRanges {
  best: Uint32Array;
  worst: Uint32Array;
}

/** Rows of similar SE, sorted by average: `lo`/`hi` bound their SEs, `row` maps back to the input. */
interface Bucket {
  averages: Float64Array;
  ses: Float64Array;
  row: Uint32Array;
  lo: number;
  hi: number;
}

const EMPTY: RankRows = { averages: new Float64Array(0), ses: new Float64Array(0) };

/** Indices of the rows with an average; throws when one of them has no usable SE (a caller's bug). */
function ranked(rows: RankRows): Uint32Array {
  if (rows.averages.length !== rows.ses.length) throw new RangeError("averages and ses differ in length");
  const out: number[] = [];
  for (let i = 0; i < rows.averages.length; i++) {
    if (!Number.isFinite(rows.averages[i] as number)) continue;
    const se = rows.ses[i] as number;
    if (!(Number.isFinite(se) && se >= 0)) throw new RangeError(`row ${i} has an average but SE ${se}`);
    out.push(i);
  }
  return Uint32Array.from(out);
}

/**
 * Splits rows into SE quantile buckets, each sorted by average: inside one, every pair's threshold lies within
 * a thin band, so only the rows in that band need the exact test and the rest are counted from positions.
 */
function buckets(rows: RankRows, ids: Uint32Array): Bucket[] {
  const { averages, ses } = rows;
  // One index sort by average; the buckets are filled in that order, so each comes out sorted.
  const byAverage = Array.from(ids).sort((x, y) => (averages[x] as number) - (averages[y] as number));
  // About √N/16 buckets: each costs a sweep over every row, and the band checks shrink as buckets narrow.
  const count = Math.max(1, Math.min(32, Math.round(Math.sqrt(ids.length) / 16)));
  const sorted = Float64Array.from(ids, (i) => ses[i] as number).sort();
  const cuts = Float64Array.from(
    { length: count - 1 },
    (_, b) => sorted[Math.floor(((b + 1) * sorted.length) / count)] as number,
  );
  const bucketOf = new Uint8Array(averages.length);
  const sizes = new Uint32Array(count);
  for (const i of ids) {
    const se = ses[i] as number;
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cuts[mid] as number) <= se) lo = mid + 1;
      else hi = mid;
    }
    bucketOf[i] = lo;
    sizes[lo] = (sizes[lo] as number) + 1;
  }
  const out = Array.from(sizes, (size) => ({
    averages: new Float64Array(size),
    ses: new Float64Array(size),
    row: new Uint32Array(size),
    lo: Number.POSITIVE_INFINITY,
    hi: Number.NEGATIVE_INFINITY,
    size: 0,
  }));
  for (const i of byAverage) {
    const b = out[bucketOf[i] as number] as (typeof out)[number];
    const se = ses[i] as number;
    b.averages[b.size] = averages[i] as number;
    b.ses[b.size] = se;
    b.row[b.size] = i;
    b.size++;
    if (se < b.lo) b.lo = se;
    if (se > b.hi) b.hi = se;
  }
  return out.filter((b) => b.size > 0);
}

/**
 * Adds to `ahead[i]` the members of `b` ahead of each row i of `g`, and to `behind[i]` those i is ahead of.
 * With SEs bounded by the buckets, j is surely ahead when `A_j > A_i + tHi` and surely not when
 * `A_j ≤ A_i + tLo`; both bounds grow with A_i, so four pointers sweep `b` once, and only rows between them
 * get the exact test. `eps` widens the band past any rounding, so the result is the exact rule's.
 */
function sweep(g: Bucket, b: Bucket, eps: number, ahead: Uint32Array, behind: Uint32Array): void {
  const tHi = Z95 * Math.sqrt(g.hi * g.hi + b.hi * b.hi) + eps;
  // Never below 0: a row is never ahead of an equal average, so ties (zero SEs included) skip the exact test.
  const tLo = Math.max(0, Z95 * Math.sqrt(g.lo * g.lo + b.lo * b.lo) - eps);
  const a = b.averages;
  const s = b.ses;
  const n = a.length;
  let aheadLo = 0;
  let aheadHi = 0;
  let behindHi = 0;
  let behindLo = 0;
  for (let r = 0; r < g.averages.length; r++) {
    const ai = g.averages[r] as number;
    const si = g.ses[r] as number;
    const si2 = si * si;
    while (aheadLo < n && (a[aheadLo] as number) <= ai + tLo) aheadLo++;
    while (aheadHi < n && (a[aheadHi] as number) <= ai + tHi) aheadHi++;
    let up = n - aheadHi;
    for (let k = aheadLo; k < aheadHi; k++) {
      const sj = s[k] as number;
      if ((a[k] as number) - ai > Z95 * Math.sqrt(si2 + sj * sj)) up++;
    }
    while (behindHi < n && (a[behindHi] as number) < ai - tHi) behindHi++;
    while (behindLo < n && (a[behindLo] as number) < ai - tLo) behindLo++;
    let down = behindHi;
    for (let k = behindHi; k < behindLo; k++) {
      const sj = s[k] as number;
      if (ai - (a[k] as number) > Z95 * Math.sqrt(si2 + sj * sj)) down++;
    }
    const i = g.row[r] as number;
    ahead[i] = (ahead[i] as number) + up;
    behind[i] = (behind[i] as number) + down;
  }
}

/** Counts, for every row of `groups`, the members ahead of it and the members it is ahead of. */
function countAgainst(groups: Bucket[], members: Bucket[], size: number, eps: number) {
  const ahead = new Uint32Array(size);
  const behind = new Uint32Array(size);
  for (const g of groups) for (const b of members) sweep(g, b, eps, ahead, behind);
  return { ahead, behind };
}

function ranges(rows: RankRows, ids: Uint32Array, counts: { ahead: Uint32Array; behind: Uint32Array }, n: number) {
  const best = new Uint32Array(rows.averages.length);
  const worst = new Uint32Array(rows.averages.length);
  for (const i of ids) {
    best[i] = 1 + (counts.ahead[i] as number);
    worst[i] = n - (counts.behind[i] as number);
  }
  return { best, worst };
}

/** The largest magnitude a threshold comparison involves, so that `eps` scales with the rounding it covers. */
function magnitude(rows: RankRows, ids: Uint32Array): number {
  let m = 0;
  for (const i of ids) m = Math.max(m, Math.abs(rows.averages[i] as number), 2 * Z95 * (rows.ses[i] as number));
  return m;
}

/** Exact ranges of the members among themselves (N rows) and of each guest as if it alone joined them (N + 1). */
export function rankRanges(members: RankRows, guests: RankRows = EMPTY): { members: RankRanges; guests: RankRanges } {
  const memberIds = ranked(members);
  const guestIds = ranked(guests);
  const memberBuckets = buckets(members, memberIds);
  const guestBuckets = buckets(guests, guestIds);
  // Rounding in a comparison is a few units in the last place of the largest magnitude; this is far above it.
  const eps = 1e-9 * (1 + Math.max(magnitude(members, memberIds), magnitude(guests, guestIds)));
  const n = memberIds.length;
  const ownCounts = countAgainst(memberBuckets, memberBuckets, members.averages.length, eps);
  const guestCounts = countAgainst(guestBuckets, memberBuckets, guests.averages.length, eps);
  return {
    members: ranges(members, memberIds, ownCounts, n),
    guests: ranges(guests, guestIds, guestCounts, n + 1),
  };
}

/** Row i's range as the API writes it, `[best, worst]`, or null when the row is outside the ranking. */
export function rankRangeAt(ranges: RankRanges, i: number): [number, number] | null {
  const best = ranges.best[i] ?? 0;
  return best === 0 ? null : [best, ranges.worst[i] as number];
}
