/** The pages that depend on who is asking (queue, submit, account, dev sign-in) and their no-JavaScript forms. */
import type { Context } from "hono";
import { createRouter, type AppEnv } from "../context";
import { agingDays, dailyCap, queueEntry } from "../domain/queue";
import type { HubCheck } from "../domain/hub";
import { SUBMISSION_STATUSES, type SubmissionStatus } from "../domain/vocabulary";
import { PodiumError } from "../errors";
import { currentUser, type SessionUser } from "../middleware/session";
import { submissionBody, submit } from "../services/submit";
import { voteGate } from "../services/vote-gate";
import { listQueue } from "../store/submissions";
import { castVote, withdrawVote } from "../store/votes";
import { devAuthOn, safeReturn } from "./auth";
import { formFields } from "./form-body";
import { renderDocument } from "../../web/document";
import { Account } from "../../web/components/account";
import { AccountPage } from "../../web/pages/account";
import { QueuePage } from "../../web/pages/queue";
import { DevSignInPage } from "../../web/pages/signin";
import { SubmitPage, type SubmitField, type SubmitPageProps } from "../../web/pages/submit";

const HUB_CHECK_FIELD: Record<HubCheck, SubmitField> = {
  revision: "revision",
  model_exists: "revision",
  license: "model",
  model_card: "model",
  parameters: "precision",
  chat_template: "chat_template",
  base_model: "base_model",
};

function account(c: Context<AppEnv>, user: SessionUser | null) {
  return <Account user={user} returnTo={new URL(c.req.url).pathname} />;
}

/** A PodiumError from a submission as per-field messages, or a message for the whole form. */
function formErrors(err: PodiumError): Pick<SubmitPageProps, "errors" | "formError"> {
  const errors: SubmitPageProps["errors"] = {};
  const details = Array.isArray(err.details)
    ? (err.details as { path?: string; check?: string; message: string }[])
    : [];
  for (const d of details) {
    const field = d.check ? HUB_CHECK_FIELD[d.check as HubCheck] : (d.path as SubmitField | undefined);
    if (field && !errors[field]) errors[field] = d.message;
  }
  return Object.keys(errors).length ? { errors } : { errors, formError: err.message };
}

export const queuePages = createRouter()
  .get("/queue", async (c) => {
    const user = await currentUser(c);
    const raw = c.req.query("status");
    const status = SUBMISSION_STATUSES.find((s) => s === raw) as SubmissionStatus | undefined;
    const n = agingDays(c.env.QUEUE_AGING_DAYS);
    const { entries, total } = await listQueue(c.var.db, {
      status,
      limit: 500,
      offset: 0,
      now: Date.now(),
      agingDays: n,
      userId: user?.id,
    });
    return c.html(
      renderDocument({
        title: "Evaluation queue — Podium",
        description: "Models waiting for, running, and done with evaluation, by priority.",
        section: "queue",
        account: account(c, user),
        children: (
          <QueuePage
            entries={entries.map(queueEntry)}
            total={total}
            agingDays={n}
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
    let notice: string;
    try {
      await voteGate(c.env, user.id, c.req.header("cf-connecting-ip"));
      if (form.action === "withdraw") {
        await withdrawVote(c.var.db, id, user.id);
        notice = "withdrawn";
      } else {
        await castVote(c.var.db, {
          submissionId: id,
          userId: user.id,
          now: Date.now(),
          cap: dailyCap(c.env.VOTE_DAILY_CAP),
        });
        notice = "voted";
      }
    } catch (err) {
      if (!(err instanceof PodiumError)) throw err;
      notice = err.code;
    }
    return c.redirect(`/queue?notice=${notice}#${encodeURIComponent(id)}`, 303);
  })
  .get("/submit", async (c) => {
    const user = await currentUser(c);
    return c.html(
      renderDocument({
        title: "Submit a model — Podium",
        section: "queue",
        account: account(c, user),
        children: <SubmitPage signedIn={user !== null} values={{}} errors={{}} />,
      }),
    );
  })
  .post("/submit", async (c) => {
    const user = await currentUser(c);
    if (!user) return c.redirect(`/auth/login?return=${encodeURIComponent("/submit")}`, 303);
    const form = await formFields(c);
    const values: SubmitPageProps["values"] = {};
    for (const key of [
      "model",
      "revision",
      "precision",
      "weight_type",
      "base_model",
      "model_type",
      "chat_template",
    ] as const) {
      const v = form[key];
      if (typeof v === "string") values[key] = v;
    }
    const parsed = submissionBody.safeParse({
      ...values,
      base_model: values.base_model || undefined,
      revision: values.revision || undefined,
      chat_template: values.chat_template === "true",
    });
    let failure: { status: 400 | 409 | 422 | 429 | 503; shown: Pick<SubmitPageProps, "errors" | "formError"> };
    if (!parsed.success) {
      const errors: SubmitPageProps["errors"] = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "") as SubmitField;
        if (!errors[field]) errors[field] = issue.message;
      }
      failure = { status: 400, shown: { errors } };
    } else {
      try {
        const row = await submit(
          { db: c.var.db, hub: c.var.hub, hubOffline: c.env.HUB_OFFLINE === "true" },
          user,
          parsed.data,
          Date.now(),
        );
        return c.redirect(`/queue?status=PENDING#${row.id}`, 303);
      } catch (err) {
        if (!(err instanceof PodiumError)) throw err;
        const status =
          err.status === 409 || err.status === 422 || err.status === 429 || err.status === 503 ? err.status : 400;
        failure = { status, shown: formErrors(err) };
      }
    }
    return c.html(
      renderDocument({
        title: "Submit a model — Podium",
        section: "queue",
        account: account(c, user),
        children: <SubmitPage signedIn values={values} {...failure.shown} />,
      }),
      failure.status,
    );
  })
  .get("/account", async (c) => {
    const user = await currentUser(c);
    return c.html(
      renderDocument({
        title: "Account — Podium",
        account: account(c, user),
        children: <AccountPage user={user} />,
      }),
    );
  })
  .get("/signin", async (c) => {
    if (!devAuthOn(c)) throw new PodiumError("not_found", "No such route");
    return c.html(
      renderDocument({
        title: "Sign in — Podium",
        account: account(c, await currentUser(c)),
        children: <DevSignInPage returnTo={safeReturn(c.req.query("return"))} />,
      }),
    );
  });
