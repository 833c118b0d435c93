import { describe, expect, it } from "vitest";
import { recalled, remember } from "../../worker/edge/hot-memory";

const json = (body: string) => new Response(body, { status: 200, headers: { "content-type": "application/json" } });

describe("the isolate's memory of hot answers", () => {
  it("gives back the remembered body, status and headers, as a fresh Response every time", async () => {
    expect(recalled("k:absent")).toBeNull();
    await remember("k:one", json('{"a":1}'));
    const first = recalled("k:one");
    const second = recalled("k:one");
    expect(first?.status).toBe(200);
    expect(first?.headers.get("content-type")).toBe("application/json");
    expect(await first?.text()).toBe('{"a":1}');
    expect(await second?.text()).toBe('{"a":1}');
  });

  it("does not keep an answer over 512 KiB", async () => {
    await remember("k:big", json("x".repeat(512 * 1024 + 1)));
    expect(recalled("k:big")).toBeNull();
  });

  it("makes room by dropping the least recently used answer, never one just used", async () => {
    await remember("lru:0", json("0"));
    await remember("lru:1", json("1"));
    for (let i = 2; i < 80; i++) {
      // Keep lru:0 in use while the others pour in.
      expect(recalled("lru:0")).not.toBeNull();
      await remember(`lru:${i}`, json(String(i)));
    }
    expect(recalled("lru:1")).toBeNull();
    expect(await recalled("lru:0")?.text()).toBe("0");
    expect(await recalled("lru:79")?.text()).toBe("79");
  });
});
