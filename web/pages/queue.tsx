/** `/queue`: every submission by priority, with vote buttons that work without JavaScript and failures explained. */
import type { QueueEntryJson } from "../../worker/schemas/queue";
import { SUBMISSION_STATUSES } from "../../worker/domain/vocabulary";
import { count } from "../format";

export interface QueuePageProps {
  entries: QueueEntryJson[];
  total: number;
  agingDays: number;
  signedIn: boolean;
  status?: string;
  /** The outcome of a vote form round trip, as a code; only known codes show, so no text comes from the URL. */
  notice?: string;
}

const NOTICES: Record<string, string> = {
  voted: "Vote recorded.",
  withdrawn: "Vote withdrawn.",
  conflict: "Not recorded: you already voted for it, or it is no longer waiting.",
  rate_limited: "Not recorded: too many votes. Try again later.",
  not_found: "Not recorded: no such submission or vote.",
};

const day = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

function VoteCell({ entry, signedIn }: { entry: QueueEntryJson; signedIn: boolean }) {
  if (entry.status !== "PENDING") return <td class="vote muted">closed</td>;
  if (entry.kind === "reproduction") return <td class="vote muted">not voted on</td>;
  if (!signedIn) {
    return (
      <td class="vote">
        <a href={`/auth/login?return=${encodeURIComponent("/queue")}`}>Sign in to vote</a>
      </td>
    );
  }
  return (
    <td class="vote">
      <form method="post" action={`/queue/${entry.id}/vote`}>
        <input type="hidden" name="action" value={entry.voted ? "withdraw" : "vote"} />
        <button type="submit" aria-pressed={entry.voted ? "true" : "false"}>
          {entry.voted ? "✓ Voted — withdraw" : "Vote"}
        </button>
      </form>
    </td>
  );
}

export function QueuePage({ entries, total, agingDays, signedIn, status, notice }: QueuePageProps) {
  return (
    <>
      <h1>Evaluation queue</h1>
      <p>
        Order: <strong>priority = votes + one extra vote for every {agingDays} days waiting</strong> (N = {agingDays}),
        so an old submission with few votes is not starved. Evaluators take the highest priority first; a run that does
        not finish within its lease goes back to PENDING. Nothing is ever removed.
      </p>
      <p>
        A <strong>reproduction</strong> is Podium's own request: another evaluator reruns a stored run (same model,
        commit, precision and chat template) so that no single push decides a rank. It waits by the same rule, without
        votes, and is never handed to the evaluator whose run it checks.
      </p>
      <p>
        <a href="/submit">Submit a model</a>
      </p>
      {notice && NOTICES[notice] ? (
        <p role="status" class="notice">
          {NOTICES[notice]}
        </p>
      ) : null}
      <nav aria-label="Filter by status" class="pager">
        <a href="/queue" aria-current={status ? undefined : "page"}>
          All
        </a>
        {SUBMISSION_STATUSES.map((s) => (
          <a key={s} href={`/queue?status=${s}`} aria-current={status === s ? "page" : undefined}>
            {s}
          </a>
        ))}
      </nav>
      <p class="muted">{count(total)} submissions.</p>
      <div class="table-wrap">
        <table class="board queue">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col" class="model">
                Model
              </th>
              <th scope="col">Precision</th>
              <th scope="col">Status</th>
              <th scope="col">Votes</th>
              <th scope="col">Submitted</th>
              <th scope="col">Last change</th>
              <th scope="col" class="model">
                Why
              </th>
              <th scope="col">Vote</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} id={e.id} data-status={e.status} data-kind={e.kind} class={e.voted ? "voted" : undefined}>
                <td>{e.priority}</td>
                <td class="model">
                  <a href={`https://huggingface.co/${e.model}`} rel="noopener">
                    {e.model}
                  </a>{" "}
                  <span class="muted">@{e.sha.slice(0, 10)}</span>
                  {e.kind === "reproduction" ? (
                    <span class="kind">
                      {" "}
                      reproduction of {e.reproduces}
                      {e.chat_template ? ", chat template" : ""}
                    </span>
                  ) : e.verified ? null : (
                    <span class="muted"> (unverified)</span>
                  )}
                </td>
                <td>{e.precision}</td>
                <td>{e.status}</td>
                <td>{e.votes}</td>
                <td>{day(e.submitted_at)}</td>
                <td>{day(e.updated_at)}</td>
                <td class="model reason">{e.status === "FAILED" ? e.failure_reason : ""}</td>
                <VoteCell entry={e} signedIn={signedIn} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
