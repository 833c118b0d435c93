/**
 * Under load: 1,000 concurrent vote requests from 100 signed-in users on one submission, against the built
 * Worker served by Miniflare on loopback. Exactly one vote per user is stored; every other answer is 409 (or
 * 429), never 5xx.
 *
 * The users sign in through /auth/dev (DEV_AUTH on, no OAuth client, as `npm start` runs locally) and the
 * submission is queued with HUB_OFFLINE on (the Hub client cannot be swapped inside the built bundle). Each
 * user sends its 10 requests from its own CF-Connecting-IP: the per-IP binding (60 per minute) models one
 * client address per person, and 10 requests stay under both bindings, so what decides each answer is D1's
 * primary key, which is what this test is about. The rate limits themselves are tested in
 * test/routes/votes.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../../scripts/app-server";

const USERS = 100;
const REQUESTS_PER_USER = 10;
let server: AppServer;
let cookies: string[];
let submissionId: string;

async function signIn(name: string): Promise<string> {
  const res = await fetch(`${server.url}/auth/dev?user=${name}`, { redirect: "manual" });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("podium_session="));
  return cookie!.split(";")[0]!;
}

beforeAll(async () => {
  server = await startAppServer({ seed: false, vars: { DEV_AUTH: "true", HUB_OFFLINE: "true", VOTE_DAILY_CAP: "20" } });
  cookies = [];
  for (let i = 0; i < USERS; i++) cookies.push(await signIn(`load-${i}`));
  const res = await fetch(`${server.url}/api/v1/submissions`, {
    method: "POST",
    headers: { cookie: cookies[0]!, origin: server.url, "content-type": "application/json" },
    body: JSON.stringify({ model: "load-org/model", precision: "bfloat16", model_type: "chat" }),
  });
  expect(res.status).toBe(201);
  submissionId = ((await res.json()) as { data: { id: string } }).data.id;
});

afterAll(async () => {
  await server?.stop();
});

describe("1,000 concurrent votes from 100 users on one submission", () => {
  it("stores exactly 100 votes, answers the rest 409 or 429, and never 5xx", async () => {
    const requests = cookies.flatMap((cookie, user) =>
      Array.from({ length: REQUESTS_PER_USER }, () =>
        fetch(`${server.url}/api/v1/submissions/${submissionId}/vote`, {
          method: "POST",
          headers: { cookie, origin: server.url, "cf-connecting-ip": `10.0.${Math.floor(user / 250)}.${user % 250}` },
        }).then(async (res) => ({ status: res.status, body: await res.text() })),
      ),
    );
    const answers = await Promise.all(requests);
    const byStatus = new Map<number, number>();
    for (const a of answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);

    expect(answers).toHaveLength(USERS * REQUESTS_PER_USER);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect([...byStatus.keys()].every((s) => s === 201 || s === 409 || s === 429)).toBe(true);
    // The submitter (load-0) already has the automatic vote: 99 new votes succeed, one per other user.
    expect(byStatus.get(201)).toBe(USERS - 1);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(JSON.parse(a.body).error.code).toMatch(/^(conflict|rate_limited)$/);
    }

    const stored = await server.db
      .prepare("select count(*) as n, count(distinct user_id) as users from votes where submission_id = ?")
      .bind(submissionId)
      .first<{ n: number; users: number }>();
    expect(stored).toEqual({ n: USERS, users: USERS });
    const queue = (await (await fetch(`${server.url}/api/v1/queue?status=PENDING`)).json()) as any;
    expect(queue.data[0]).toMatchObject({ id: submissionId, votes: USERS });
  });
});
