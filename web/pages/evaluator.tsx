/** `/evaluators/{id}`: an evaluator's public record — its trust, hardware, how its runs fared, and its runs. */
import type { EvaluatorRecordJson } from "../../worker/schemas/evaluator-record";
import { count, score } from "../format";
import { modelHref } from "../links";

const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");

export function EvaluatorPage({ record }: { record: EvaluatorRecordJson }) {
  const flags = record.record.filter((e) => e.action === "evaluator.flagged");
  return (
    <>
      <h1>{record.name}</h1>
      <p>
        <strong class={`trust-${record.trust}`}>{record.trust}</strong>
        {record.trust === "trusted"
          ? ": the admins vouch for this operator; its full runs rank at once, and a share of them is rerun independently."
          : ": its full runs are provisional until another evaluator reproduces them."}
        {record.revoked_at ? ` Revoked ${when(record.revoked_at)}: it can no longer push.` : ""}
      </p>
      {flags.length > 0 ? (
        <div class="notice flags" role="note">
          {flags.map((f) => (
            <p key={f.id}>
              Flagged for the admins {when(f.at)}: {f.reason}
            </p>
          ))}
        </div>
      ) : null}
      <dl class="facts">
        <dt>Id</dt>
        <dd>
          <code>{record.id}</code>
        </dd>
        <dt>Since</dt>
        <dd>{when(record.since)}</dd>
        <dt>Hardware seen</dt>
        <dd>{record.hardware.length ? record.hardware.join(", ") : "—"}</dd>
        <dt>Runs pushed</dt>
        <dd>{count(record.runs_pushed)}</dd>
        <dt>Reproduced</dt>
        <dd>{count(record.runs_reproduced)}</dd>
        <dt>Disputed</dt>
        <dd>{count(record.runs_disputed)}</dd>
        <dt>Rejected</dt>
        <dd>{count(record.runs_rejected)}</dd>
        <dt>Last run</dt>
        <dd>{when(record.last_run_at)}</dd>
      </dl>
      <h2>Runs</h2>
      <div class="table-wrap">
        <table class="board runs">
          <thead>
            <tr>
              <th scope="col" class="model">
                Model
              </th>
              <th scope="col">Precision</th>
              <th scope="col">Average</th>
              <th scope="col">Verification</th>
              <th scope="col">Board</th>
              <th scope="col">Pushed</th>
            </tr>
          </thead>
          <tbody>
            {record.runs.map((r) => (
              <tr key={r.evaluation_id} data-verification={r.verification}>
                <td class="model">
                  <a href={`${modelHref(r.model)}#evaluation-${r.evaluation_id}`}>{r.model}</a>
                </td>
                <td>{r.precision}</td>
                <td>{score(r.average)}</td>
                <td class={`verification-${r.verification}`}>{r.verification}</td>
                <td>{r.status}</td>
                <td>{when(r.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`/api/v1/evaluators/${encodeURIComponent(record.id)}`}>JSON</a> ·{" "}
        <a href="/moderation">Moderation log</a>
      </p>
    </>
  );
}
