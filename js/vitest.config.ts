import { defineConfig } from "vitest/config";

// Most unit tests cover pure modules (decoding, rows, theme, spec → options, the settings service)
// and need no DOM. The settings dialog's tests ask for happy-dom in their first line
// (`// @vitest-environment happy-dom`). Nothing here draws on a canvas: the live chart is
// exercised by the browser tests on the Python side.
export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
  },
});
