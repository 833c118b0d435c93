/** The board as an island: the server renders it with the props the client script hydrates it with. */
import type { RankedRow } from "../../worker/domain/board/engine";
import type { BoardQuery } from "../../worker/domain/board/query";
import { Board, pinnedModels, type ServerRows } from "./board";
import { Island } from "./island";

export interface BoardIslandProps {
  query: BoardQuery;
  rows: RankedRow[];
  total: number;
  boardSize: number;
  firstDate: string | null;
  problem: string | null;
  /**
   * The slice of the board version the page was rendered from (an immutable URL; the island adds `as_of` for
   * another day, `/rest` for the ids and the other columns); null above the size where the island asks the API
   * for each view instead (API mode).
   */
  dataUrl: string | null;
}

/**
 * The props as the page carries them: not the rows, which the server renders and the island leaves in the page as
 * they are until its view changes (hydrating them cost a phone's CPU hundreds of ms on load: BENCHMARKS.md, issue
 * 16), only what the board needs to know of them.
 */
export type BoardIslandWireProps = Omit<BoardIslandProps, "rows"> & { serverRows: ServerRows };

export function BoardIslandServer(props: BoardIslandProps) {
  const { rows, ...rest } = props;
  const wire: BoardIslandWireProps = { ...rest, serverRows: { count: rows.length, pinnedModels: pinnedModels(rows) } };
  return (
    <Island name="board" props={wire}>
      <Board
        query={props.query}
        rows={rows}
        total={props.total}
        boardSize={props.boardSize}
        firstDate={props.firstDate}
        problem={props.problem}
      />
    </Island>
  );
}
