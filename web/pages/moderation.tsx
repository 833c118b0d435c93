/** `/moderation`: the public record of every admin action and every flag the rules raise, newest first. */
import type { ModerationEntryJson } from "../../worker/schemas/moderation";
import { count } from "../format";
import { modelHref } from "../links";

export interface ModerationPageProps {
  entries: ModerationEntryJson[];
  total: number;
  offset: number;
  limit: number;
}

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function Subject({ subject }: { subject: ModerationEntryJson["subject"] }) {
  if (subject.type === "model") return <a href={modelHref(subject.id)}>{subject.id}</a>;
  if (subject.type === "evaluator") return <a href={`/evaluators/${encodeURIComponent(subject.id)}`}>{subject.id}</a>;
  return <span>evaluation {subject.id}</span>;
}

export function ModerationPage({ entries, total, offset, limit }: ModerationPageProps) {
  const next = offset + limit < total ? offset + limit : null;
  const previous = offset > 0 ? Math.max(0, offset - limit) : null;
  return (
    <>
      <h1>Moderation log</h1>
      <p>
        Every admin action (an evaluator created, its trust changed, a key rotated or revoked, an evaluator deleted, a
        decision on a disputed run, a model flagged or its flag lifted) and every evaluator the rules flag, newest
        first. Entries are only ever appended: no endpoint edits or deletes one, and the database refuses to. The same
        record is at <a href="/api/v1/moderation">/api/v1/moderation</a>.
      </p>
      <p class="muted">{count(total)} entries.</p>
      <div class="table-wrap">
        <table class="board moderation">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Action</th>
              <th scope="col" class="model">
                Subject
              </th>
              <th scope="col" class="model">
                Reason
              </th>
              <th scope="col">Actor</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} id={`entry-${e.id}`} data-action={e.action}>
                <td>{when(e.at)}</td>
                <td class="action">{e.action}</td>
                <td class="model">
                  <Subject subject={e.subject} />
                </td>
                <td class="model reason">{e.reason ?? ""}</td>
                <td>{e.actor}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav class="pager" aria-label="Pages">
        {previous !== null ? <a href={`/moderation?offset=${previous}`}>Newer</a> : null}
        {next !== null ? <a href={`/moderation?offset=${next}`}>Older</a> : null}
      </nav>
    </>
  );
}
