/** URLs of Podium's own pages, with each path segment encoded. */
import { idPath } from "../worker/domain/ids";
import { boardQueryToParams } from "../worker/domain/board/params";
import type { BoardQuery } from "../worker/domain/board/query";

/** The page of a model (`org/name`, or a legacy id without org). */
export function modelHref(id: string): string {
  return `/models/${idPath(id)}`;
}

/** The JSON document of a model. */
export function modelApiHref(id: string): string {
  return `/api/v1/models/${idPath(id)}`;
}

/** An outside link worth rendering: http(s) only, so a stored `javascript:` URL never becomes a link. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** The URL of a view of the board: only non-default settings, in a fixed order. */
export function boardHref(query: BoardQuery): string {
  const qs = boardQueryToParams(query).toString();
  return qs ? `/?${qs}` : "/";
}
