// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { HostTheme } from "../../src/chart/theme";
import { readNotebookTheme, watchNotebookTheme } from "../../src/hosts/notebook-theme";

/** What marimo 0.25's ThemeProvider does on <body> when its resolved theme changes. */
function marimoSets(theme: "light" | "dark"): void {
  const other = theme === "dark" ? "light" : "dark";
  document.body.classList.remove(other, `${other}-theme`);
  document.body.classList.add(theme, `${theme}-theme`);
  document.body.dataset["theme"] = theme;
}

const mutationsDelivered = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  document.body.className = "";
  delete document.body.dataset["theme"];
});

describe("the chart in marimo", () => {
  it("starts in marimo's theme", () => {
    marimoSets("dark");
    expect(readNotebookTheme(document).dark).toBe(true);
    marimoSets("light");
    expect(readNotebookTheme(document).dark).toBe(false);
  });

  it("follows a live switch both ways, once per switch", async () => {
    marimoSets("light");
    const seen: HostTheme[] = [];
    const stop = watchNotebookTheme(document, (theme) => seen.push(theme));
    marimoSets("dark");
    await mutationsDelivered();
    marimoSets("light");
    await mutationsDelivered();
    // Another class change that is no theme switch says nothing.
    document.body.classList.add("marimo-unrelated");
    await mutationsDelivered();
    expect(seen).toEqual([{ dark: true }, { dark: false }]);
    stop();
    marimoSets("dark");
    await mutationsDelivered();
    expect(seen).toHaveLength(2);
  });
});
