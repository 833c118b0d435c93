/** `/queue`: the queue by priority for whoever asks, and its no-JavaScript vote form. */
import { renderDocument } from "../../../web/document";
import { QueuePage } from "../../../web/pages/queue";
import { SUBMISSION_STATUSES, type SubmissionStatus } from "../../domain/vocabulary";
import { createRouter } from "../../edge/context";
import { formFields } from "../../edge/form";
import { refusalError } from "../../edge/refusals";
import { voting } from "../../edge/services";
import { currentUser } from "../../edge/session";
import { queueEntryJson } from "../../schemas/queue";
import { queuePage } from "../../use-cases/queue";
import { unvote, vote } from "../../use-cases/votes";
import { accountSlot } from "./account-slot";

export const queuePages = createRouter()
  .get("/queue", async (c) => {
    const user = await currentUser(c);
    const raw = c.req.query("status");
    const status = SUBMISSION_STATUSES.find((s) => s === raw) as SubmissionStatus | undefined;
    const agingDays = c.var.config.queueAgingDays;
    const { entries, total } = await queuePage(
      c.var.db,
      { status, limit: 500, offset: 0, agingDays, userId: user?.id },
      Date.now(),
    );
    return c.html(
      renderDocument({
        title: "Evaluation queue — Podium",
        description: "Models waiting for, running, and done with evaluation, by priority.",
        section: "queue",
        account: accountSlot(c, user),
        children: (
          <QueuePage
            entries={entries.map(queueEntryJson)}
            total={total}
            agingDays={agingDays}
            signedIn={user !== null}
            status={status}
            notice={c.req.query("notice")}
          />
        ),
      }),
    );
  })
  .post("/queue/:id/vote", async (c) => {
    const user = await currentUser(c);
    if (!user) return c.redirect(`/auth/login?return=${encodeURIComponent("/queue")}`, 303);
    const id = c.req.param("id");
    const form = await formFields(c);
    const { deps, voter } = voting(c, user.id);
    const withdraw = form.action === "withdraw";
    const outcome = withdraw ? await unvote(deps, voter, id) : await vote(deps, voter, id, Date.now());
    // The notice is a code the page knows how to say; no text from the request reaches it.
    const notice = outcome.ok ? (withdraw ? "withdrawn" : "voted") : refusalError(outcome).code;
    return c.redirect(`/queue?notice=${notice}#${encodeURIComponent(id)}`, 303);
  });
