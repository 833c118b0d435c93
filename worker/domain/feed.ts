/** The Atom feed of newly ranked evaluations: well-formed XML whatever the stored strings contain. */
import type { CompactRow } from "./board/query";
import { idPath } from "./ids";
import { iso } from "./time";
import { xmlEscape } from "./xml";

export interface FeedItem {
  row: CompactRow;
  /** When the evaluation was stored, ms since the epoch. */
  createdAt: number;
}

/** An Atom 1.0 document for `items` (newest first); links are absolute under `origin`. */
export function rankedFeed(origin: string, items: readonly FeedItem[]): string {
  const updated = iso(items[0]?.createdAt ?? 0);
  const entries = items.map(({ row, createdAt }) => {
    const link = `${origin}/models/${idPath(row.model)}`;
    const average = row.average === null ? "–" : row.average.toFixed(2);
    const title = `${row.model} (${row.precision}): average ${average}`;
    return [
      "<entry>",
      `<id>${xmlEscape(`${origin}/evaluations/${encodeURIComponent(row.id)}`)}</id>`,
      `<title>${xmlEscape(title)}</title>`,
      `<link rel="alternate" href="${xmlEscape(link)}"/>`,
      `<updated>${iso(createdAt)}</updated>`,
      `<summary>${xmlEscape(`${title}; revision ${row.revision}.`)}</summary>`,
      "</entry>",
    ].join("");
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${xmlEscape(`${origin}/feed.atom`)}</id>`,
    "<title>Podium: newly ranked evaluations</title>",
    `<link rel="self" href="${xmlEscape(`${origin}/feed.atom`)}"/>`,
    `<link rel="alternate" href="${xmlEscape(`${origin}/`)}"/>`,
    `<updated>${updated}</updated>`,
    "<author><name>Podium</name></author>",
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}
