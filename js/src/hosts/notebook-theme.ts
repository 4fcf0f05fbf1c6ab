/**
 * Light or dark in notebook front ends, which publish it on <body> rather than through an API:
 * JupyterLab / Notebook 7 set `data-jp-theme-light`, VS Code sets `vscode-light` / `vscode-dark`
 * (and high-contrast variants) classes, marimo sets `light-theme` / `dark-theme` (marimo-theme.ts);
 * elsewhere (Colab, classic, Voilà) the browser preference decides.
 */
import type { HostTheme } from "../chart/theme";
import { marimoIsDark } from "./marimo-theme";
import { PREFERS_DARK, prefersDark } from "./prefers-dark";

export interface NotebookSignals {
  /** `document.body.dataset.jpThemeLight`: "true", "false", or undefined outside JupyterLab. */
  jpThemeLight: string | undefined;
  bodyClasses: { contains(token: string): boolean };
  prefersDark: boolean;
}

export function notebookIsDark(signals: NotebookSignals): boolean {
  if (signals.jpThemeLight === "true") return false;
  if (signals.jpThemeLight === "false") return true;
  const has = (token: string) => signals.bodyClasses.contains(token);
  // High-contrast light carries "vscode-high-contrast" too, so the light classes are asked first.
  if (has("vscode-light") || has("vscode-high-contrast-light")) return false;
  if (has("vscode-dark") || has("vscode-high-contrast")) return true;
  return marimoIsDark(signals.bodyClasses) ?? signals.prefersDark;
}

export function readNotebookTheme(doc: Document): HostTheme {
  const win = doc.defaultView ?? window;
  return {
    dark: notebookIsDark({
      jpThemeLight: doc.body.dataset["jpThemeLight"],
      bodyClasses: doc.body.classList,
      prefersDark: prefersDark(win),
    }),
  };
}

/** Calls `onChange` whenever the notebook flips light/dark; returns the function that stops watching. */
export function watchNotebookTheme(doc: Document, onChange: (theme: HostTheme) => void): () => void {
  const media = (doc.defaultView ?? window).matchMedia(PREFERS_DARK);
  let dark = readNotebookTheme(doc).dark;
  const check = () => {
    const theme = readNotebookTheme(doc);
    if (theme.dark === dark) return;
    dark = theme.dark;
    onChange(theme);
  };
  const observer = new MutationObserver(check);
  observer.observe(doc.body, { attributes: true, attributeFilter: ["class", "data-jp-theme-light", "data-theme"] });
  media.addEventListener("change", check);
  return () => {
    observer.disconnect();
    media.removeEventListener("change", check);
  };
}
