import { describe, expect, it } from "vitest";
import { HISTORY_PAGE_SIZE, HISTORY_PAGES, HttpHubClient } from "../../worker/adapters/hub";

describe("HttpHubClient", () => {
  function fakeHub(routes: Record<string, Response>) {
    const asked: string[] = [];
    const fetcher = (async (input: RequestInfo | URL) => {
      const url = String(input);
      asked.push(url);
      return routes[url]?.clone() ?? new Response("not found", { status: 404 });
    }) as typeof fetch;
    return { asked, client: new HttpHubClient("https://hub.test/", fetcher) };
  }

  it("reads sha, license, parameters and the chat template from the model API and the card from README", async () => {
    const api =
      "https://hub.test/api/models/org/model/revision/main?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config&expand[]=siblings";
    const { client, asked: calls } = fakeHub({
      [api]: Response.json({
        id: "Org/Model",
        sha: "abc",
        cardData: { license: "mit" },
        safetensors: { parameters: { BF16: 7e9 }, total: 7e9 },
        config: { tokenizer_config: { chat_template: "{{ messages }}" } },
        siblings: [],
      }),
      "https://hub.test/org/model/raw/abc/README.md": new Response(`---\nlicense: mit\n---\n${"x".repeat(250)}`),
    });
    expect(await client.modelFacts("org/model", "main")).toEqual({
      id: "Org/Model",
      sha: "abc",
      license: "mit",
      cardLength: 250,
      parameters: 7e9,
      hasChatTemplate: true,
    });
    expect(calls).toHaveLength(2);
  });

  it("finds a chat_template.jinja file, and says null for a missing model", async () => {
    const api =
      "https://hub.test/api/models/org/m2/revision/v1?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config&expand[]=siblings";
    const { client } = fakeHub({
      [api]: Response.json({ id: "org/m2", sha: "def", siblings: [{ rfilename: "chat_template.jinja" }] }),
    });
    expect(await client.modelFacts("org/m2", "v1")).toEqual({
      id: "org/m2",
      sha: "def",
      license: null,
      cardLength: 0,
      parameters: null,
      hasChatTemplate: true,
    });
    expect(await client.modelFacts("org/none", "main")).toBeNull();
  });

  it("answers 503 when the model API names no valid model id", async () => {
    const api = (id: string) =>
      `https://hub.test/api/models/${id}/revision/main?expand[]=sha&expand[]=cardData&expand[]=safetensors&expand[]=config&expand[]=siblings`;
    const { client } = fakeHub({
      [api("o/none")]: Response.json({ sha: "abc" }),
      [api("o/odd")]: Response.json({ id: "o/<odd>", sha: "abc" }),
    });
    await expect(client.modelFacts("o/none", "main")).rejects.toMatchObject({ code: "unavailable" });
    await expect(client.modelFacts("o/odd", "main")).rejects.toMatchObject({ code: "unavailable" });
  });

  it("lists branches and tags with their commits from the refs API, leaving pull requests out", async () => {
    const { client } = fakeHub({
      "https://hub.test/api/models/org/model/refs": Response.json({
        branches: [{ name: "main", ref: "refs/heads/main", targetCommit: "aaa" }],
        converts: [{ name: "parquet", ref: "refs/convert/parquet", targetCommit: "bbb" }],
        tags: [{ name: "v1", ref: "refs/tags/v1", targetCommit: "ccc" }, { name: 5 }],
        pullRequests: [{ name: "1", ref: "refs/pr/1", targetCommit: "ddd" }],
      }),
    });
    expect(await client.refs("org/model")).toEqual({
      branches: [{ name: "main", commit: "aaa" }],
      tags: [{ name: "v1", commit: "ccc" }],
    });
    expect(await client.refs("org/none")).toBeNull();
  });

  it("finds a commit in main's history page by page, following Link only on the Hub and only so far", async () => {
    const page = (n: number) =>
      `https://hub.test/api/models/org/model/commits/main?limit=${HISTORY_PAGE_SIZE}${n ? `&p=${n}` : ""}`;
    const commits = (n: number) =>
      Array.from({ length: 3 }, (_, i) => ({ id: `${n}${i}`.padStart(40, "a"), title: "t" }));
    const routes: Record<string, Response> = {};
    for (let n = 0; n < HISTORY_PAGES + 2; n++) {
      routes[page(n)] = Response.json(commits(n), { headers: { link: `<${page(n + 1)}>; rel="next"` } });
    }
    const { client, asked: calls } = fakeHub(routes);
    const onPage = (n: number) => `${n}1`.padStart(40, "a").toUpperCase();
    expect(await client.inHistory("org/model", "main", onPage(2))).toBe(true);
    expect(calls).toEqual([page(0), page(1), page(2)]);
    calls.length = 0;
    expect(await client.inHistory("org/model", "main", onPage(HISTORY_PAGES))).toBe(false);
    expect(calls).toHaveLength(HISTORY_PAGES);

    const elsewhere = fakeHub({
      [page(0)]: Response.json(commits(0), { headers: { link: `<https://evil.example/next>; rel="next"` } }),
    });
    expect(await elsewhere.client.inHistory("org/model", "main", onPage(1))).toBe(false);
    expect(elsewhere.asked).toEqual([page(0)]);
  });

  it("answers 503 when the Hub fails", async () => {
    const failing = new HttpHubClient(
      "https://hub.test",
      (async () => new Response("", { status: 502 })) as typeof fetch,
    );
    await expect(failing.modelFacts("o/m", "main")).rejects.toMatchObject({ code: "unavailable" });
  });
});
