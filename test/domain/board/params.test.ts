import { describe, expect, it } from "vitest";
import { boardQueryFromParams } from "../../../worker/domain/board/params";
import { defaultBoardQuery } from "../../../worker/domain/board/query";
import { isShortForm, readBoardView } from "../../../worker/domain/board/params";

describe("readBoardView", () => {
  it("reads a whole valid URL with no problem", () => {
    const view = readBoardView(new URLSearchParams("search=qwen&types=chat&params=7,65"));
    expect(view.problem).toBeNull();
    expect(view.query).toMatchObject({ search: "qwen", types: ["chat"], paramsMin: 7, paramsMax: 65 });
  });

  it("sets aside each bad parameter, names it, and keeps the rest", () => {
    const view = readBoardView(new URLSearchParams("offset=abc&types=chat&sort=nope"));
    expect(view.query).toMatchObject({ types: ["chat"], offset: 0, sort: "average" });
    expect(view.problem).toContain("Ignored “offset”: must be a non-negative integer.");
    expect(view.problem).toContain("Ignored “sort”");
  });

  it("keeps an invalid regular expression as typed, so it matches nothing rather than everything", () => {
    const view = readBoardView(new URLSearchParams("search=llama(&precision=bfloat16"));
    expect(view.query.search).toBe("llama(");
    expect(view.query.precision).toEqual(["bfloat16"]);
    expect(view.problem).toMatch(/^The search "llama\(" is not a valid regular expression/);
  });
});

describe("isShortForm", () => {
  const queryOf = (qs: string) => {
    const parsed = boardQueryFromParams(new URLSearchParams(qs));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.query;
  };

  it("accepts the short form in any order or encoding", () => {
    expect(isShortForm(new URLSearchParams(""), defaultBoardQuery())).toBe(true);
    expect(isShortForm(new URLSearchParams("params=7,65&search=qwen"), queryOf("search=qwen&params=7%2C65"))).toBe(
      true,
    );
  });

  it("looks past parameters that are not the board's, as the page's cache key does", () => {
    expect(isShortForm(new URLSearchParams("utm_source=x"), defaultBoardQuery())).toBe(true);
    const tracked = new URLSearchParams("search=qwen&_=1700000000&constructor=1");
    expect(isShortForm(tracked, queryOf("search=qwen"))).toBe(true);
    const withDefault = new URLSearchParams("utm_source=x&scores=normalized");
    expect(isShortForm(withDefault, queryOf("scores=normalized"))).toBe(false);
  });

  it("rejects default values and repeated fields", () => {
    expect(isShortForm(new URLSearchParams("scores=normalized"), queryOf("scores=normalized"))).toBe(false);
    expect(isShortForm(new URLSearchParams("types=chat&types=merge"), queryOf("types=chat&types=merge"))).toBe(false);
  });
});
