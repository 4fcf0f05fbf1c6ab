import { describe, expect, it } from "vitest";
import { isDarkColor, parseColor, withAlpha } from "../../src/chart/color";
import { notebookIsDark } from "../../src/hosts/notebook-theme";
import { DARK, LIGHT, hostThemeFromColors, resolveTheme } from "../../src/chart/theme";

describe("resolveTheme", () => {
  const darkHost = { dark: true, background: "#0e1117", text: "#fafafa", border: "rgba(250, 250, 250, 0.2)" };

  it("uses the requested palette as is, whatever the host", () => {
    expect(resolveTheme("light", darkHost)).toEqual({ name: "light", palette: LIGHT });
    expect(resolveTheme("dark", { dark: false })).toEqual({ name: "dark", palette: DARK });
  });

  it("follows the host's light/dark in auto", () => {
    expect(resolveTheme("auto", { dark: true })).toEqual({ name: "dark", palette: DARK });
    expect(resolveTheme("auto", { dark: false })).toEqual({ name: "light", palette: LIGHT });
  });

  it("wears the host's own colours in auto when the host publishes them", () => {
    const { name, palette } = resolveTheme("auto", darkHost);
    expect(name).toBe("dark");
    expect(palette).toMatchObject({
      background: "#0e1117",
      text: "#fafafa",
      grid: "rgba(250, 250, 250, 0.2)",
      border: "rgba(250, 250, 250, 0.2)",
      watermark: "rgba(250, 250, 250, 0.12)",
      up: DARK.up,
      series: DARK.series,
    });
  });
});

describe("hostThemeFromColors (Streamlit's --st-* properties)", () => {
  it("calls a dark background dark and keeps the colours", () => {
    expect(hostThemeFromColors({ background: "#0e1117", text: "#fafafa" }, false)).toEqual({
      dark: true,
      background: "#0e1117",
      text: "#fafafa",
      border: undefined,
    });
    expect(hostThemeFromColors({ background: "rgb(14, 17, 23)" }, false).dark).toBe(true);
  });

  it("calls a light background light, even when the OS prefers dark", () => {
    expect(hostThemeFromColors({ background: "#ffffff", text: "#31333f" }, true).dark).toBe(false);
  });

  it("falls back to the OS preference, without host colours, when the background is missing or unreadable", () => {
    expect(hostThemeFromColors({}, true)).toEqual({ dark: true });
    expect(hostThemeFromColors({ background: "canvas", text: "#fff" }, false)).toEqual({ dark: false });
  });
});

describe("colour helpers", () => {
  it("parses the forms hosts write", () => {
    expect(parseColor("#abc")).toEqual({ r: 0xaa, g: 0xbb, b: 0xcc, a: 1 });
    expect(parseColor("#0e1117")).toEqual({ r: 14, g: 17, b: 23, a: 1 });
    expect(parseColor("#00000080")?.a).toBeCloseTo(0.5, 2);
    expect(parseColor("rgba(250, 250, 250, 0.2)")).toEqual({ r: 250, g: 250, b: 250, a: 0.2 });
    expect(parseColor("rgb(1 2 3 / 50%)")).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColor("teal")).toBeUndefined();
  });

  it("tells dark from light by contrast", () => {
    expect(isDarkColor("#131722")).toBe(true);
    expect(isDarkColor("#808080")).toBe(false);
    expect(isDarkColor("#ffffff")).toBe(false);
  });

  it("fades a colour for fills", () => {
    expect(withAlpha("#2962ff", 0.4)).toBe("rgba(41, 98, 255, 0.4)");
  });
});

describe("notebookIsDark", () => {
  const classes = (...tokens: string[]) => ({ contains: (t: string) => tokens.includes(t) });

  it("believes JupyterLab's data-jp-theme-light over the OS", () => {
    expect(notebookIsDark({ jpThemeLight: "false", bodyClasses: classes(), prefersDark: false })).toBe(true);
    expect(notebookIsDark({ jpThemeLight: "true", bodyClasses: classes(), prefersDark: true })).toBe(false);
  });

  it("reads VS Code's body classes, high contrast included", () => {
    const ask = (...tokens: string[]) =>
      notebookIsDark({ jpThemeLight: undefined, bodyClasses: classes(...tokens), prefersDark: false });
    expect(ask("vscode-dark")).toBe(true);
    expect(ask("vscode-high-contrast")).toBe(true);
    expect(ask("vscode-high-contrast", "vscode-high-contrast-light")).toBe(false);
    expect(ask("vscode-light")).toBe(false);
  });

  it("reads marimo's light-theme / dark-theme body classes over the OS", () => {
    const ask = (prefersDark: boolean, ...tokens: string[]) =>
      notebookIsDark({ jpThemeLight: undefined, bodyClasses: classes(...tokens), prefersDark });
    expect(ask(false, "dark", "dark-theme")).toBe(true);
    expect(ask(true, "light", "light-theme")).toBe(false);
    // A bare `dark` class is any page's; only marimo's `-theme` pair counts.
    expect(ask(false, "dark")).toBe(false);
  });

  it("falls back to prefers-color-scheme elsewhere", () => {
    expect(notebookIsDark({ jpThemeLight: undefined, bodyClasses: classes(), prefersDark: true })).toBe(true);
    expect(notebookIsDark({ jpThemeLight: undefined, bodyClasses: classes(), prefersDark: false })).toBe(false);
  });
});
