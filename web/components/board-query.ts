/**
 * The board's current query as a context, for the few parts whose links carry the whole view (search included):
 * they read it here, so the rows and controls around them can skip re-rendering on a search keystroke.
 */
import { Component, createContext, type ComponentType, type FunctionComponent } from "preact";
import { useContext } from "preact/hooks";
import { defaultBoardQuery, type BoardQuery } from "../../worker/domain/board/query";

export const BoardQueryContext = createContext<BoardQuery>(defaultBoardQuery());

export function useBoardQuery(): BoardQuery {
  return useContext(BoardQueryContext);
}

/** True when two queries differ at most in their search and offset (a keystroke in the search box). */
export function sameButSearch(a: BoardQuery, b: BoardQuery): boolean {
  return JSON.stringify({ ...a, search: "", offset: 0 }) === JSON.stringify({ ...b, search: "", offset: 0 });
}

/**
 * `render` that re-renders only when `same` says its props changed. Context readers inside it still follow their
 * context (Preact re-renders them directly).
 */
export function memoBy<P>(render: FunctionComponent<P>, same: (prev: P, next: P) => boolean): ComponentType<P> {
  return class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }
    override render() {
      return render(this.props);
    }
  };
}
