import { describe, expect, it } from "vitest";
import { co2Kg, mean, normalize } from "../../worker/domain/normalize";

describe("normalize", () => {
  it("maps the random baseline to 0 and a perfect score to 100", () => {
    expect(normalize(0.25, 0.25)).toBe(0);
    expect(normalize(1, 0.25)).toBe(100);
    expect(normalize(0.625, 0.25)).toBeCloseTo(50, 12);
  });

  it("clips scores below the baseline to 0", () => {
    expect(normalize(0.1, 0.25)).toBe(0);
  });

  it("with a zero baseline is the value in percent", () => {
    expect(normalize(0.403323262839879, 0)).toBeCloseTo(40.3323262839879, 12);
  });
});

describe("mean", () => {
  it("averages and refuses to invent a value for an empty list", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });
});

describe("co2Kg", () => {
  it("uses the old leaderboard's 5.6 kW × 269.8 g/kWh", () => {
    expect(co2Kg(3600)).toBeCloseTo(1.51088, 10);
  });

  it("is −1 when the evaluation time is unknown", () => {
    expect(co2Kg(null)).toBe(-1);
    expect(co2Kg(Number.NaN)).toBe(-1);
  });
});
