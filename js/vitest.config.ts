import { defineConfig } from "vitest/config";

// The unit tests cover the pure modules (decoding, rows, theme, spec → options); they need no DOM
// and no canvas. The live chart is exercised by the browser tests on the Python side.
export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
  },
});
