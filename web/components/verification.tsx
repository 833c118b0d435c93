/**
 * A run's verification on the model page: its standing in words, every comparison with another source's run
 * (the per-benchmark differences), and its timeline; and a model's flags with their reasons.
 */
import { BENCHMARKS } from "../../worker/domain/benchmarks";
import type { EvaluationDetail, ModelDetail } from "../../worker/schemas/models";
import { ScrollFrame } from "./scroll-frame";

const WORDS: Record<EvaluationDetail["verification"], string> = {
  seed: "seed: the Open LLM Leaderboard's final data",
  trusted: "trusted: pushed by an evaluator the admins vouch for",
  reproduced: "reproduced: another evaluator's run agrees",
  accepted: "accepted by an admin decision",
  provisional: "provisional: waiting for another evaluator to reproduce it",
  disputed: "disputed: another source's run disagrees",
  rejected: "rejected by an admin decision",
};

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;
const signed = (d: number | null | undefined) =>
  d == null ? "—" : `${d > 0 ? "+" : d < 0 ? "−" : "±"}${Math.abs(d).toFixed(2)}`;

export function VerificationFacts({ evaluation }: { evaluation: EvaluationDetail }) {
  return (
    <div class="verification" data-verification={evaluation.verification}>
      <p>
        <strong class={`verification-${evaluation.verification}`}>{WORDS[evaluation.verification]}</strong>
      </p>
      {evaluation.comparisons.length > 0 ? (
        <ScrollFrame>
          <table class="board comparisons">
            <caption>Compared with other runs of the same commit, precision and chat template</caption>
            <thead>
              <tr>
                <th scope="col">Other run</th>
                <th scope="col">Verdict</th>
                {BENCHMARKS.map((b) => (
                  <th key={b.key} scope="col">
                    {b.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {evaluation.comparisons.map((c) => (
                <tr key={`${c.compared_id}-${c.at}`}>
                  <td>
                    <a href={`#evaluation-${c.compared_id}`}>{c.compared_id}</a>
                  </td>
                  <td>{c.agreed ? `agrees (within ${c.tolerance})` : `disagrees (over ${c.tolerance})`}</td>
                  {BENCHMARKS.map((b) => (
                    <td key={b.key}>{signed(c.differences[b.key])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollFrame>
      ) : null}
      {evaluation.history.length > 0 ? (
        <ol class="timeline">
          {evaluation.history.map((h) => (
            <li key={`${h.at}-${h.verification}-${h.reason}`}>
              {when(h.at)} · <strong>{h.verification}</strong> · {h.reason}
              {h.actor ? ` (${h.actor})` : ""}
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

/** The model's flags not lifted, with kind and reason (lifted ones are in the moderation log). */
export function FlagNotices({ flags }: { flags: ModelDetail["flags"] }) {
  const open = flags.filter((f) => f.lifted_at === null);
  if (open.length === 0) return null;
  return (
    <div class="notice flags" role="note">
      {open.map((f) => (
        <p key={f.id}>
          Flagged ({f.kind}): {f.reason}
          {f.link ? (
            <>
              {" "}
              <a href={f.link} rel="noopener nofollow">
                details
              </a>
            </>
          ) : null}{" "}
          <a href="/moderation">record</a>
        </p>
      ))}
    </div>
  );
}
