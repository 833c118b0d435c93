/** The board as an island: the server renders it with the props the client script hydrates it with. */
import type { BoardQuery } from "../../worker/domain/board/query";
import type { RankedRow } from "../../worker/domain/board/engine";
import { Board } from "./board";
import { Island } from "./island";

export interface BoardIslandProps {
  query: BoardQuery;
  rows: RankedRow[];
  total: number;
  boardSize: number;
  firstDate: string | null;
  problem: string | null;
  /** Where the compact full dataset is, keyed by board version so it can be cached for good (`as_of` is added). */
  dataUrl: string;
}

export function BoardIslandServer(props: BoardIslandProps) {
  return (
    <Island name="board" props={props}>
      <Board
        query={props.query}
        rows={props.rows}
        total={props.total}
        boardSize={props.boardSize}
        firstDate={props.firstDate}
        problem={props.problem}
      />
    </Island>
  );
}
