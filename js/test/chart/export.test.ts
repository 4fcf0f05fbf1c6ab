import { describe, expect, it } from "vitest";
import { base64ToBytes } from "../../src/chart/export";

describe("base64ToBytes", () => {
  it("reads the envelope save_html embeds, wrapped lines and all", () => {
    const bytes = Uint8Array.from([76, 87, 67, 49, 0, 255, 128, 7]);
    const text = Buffer.from(bytes).toString("base64");
    expect(base64ToBytes(`${text.slice(0, 4)}\n  ${text.slice(4)}\n`)).toEqual(bytes);
  });
});
