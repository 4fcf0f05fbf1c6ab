/**
 * Entry of the standalone page `Chart.save_html` writes (chart/export.ts): draws the embedded chart(s)
 * once the page is parsed, light or dark as the browser prefers. No channel to Python: settings
 * the reader changes stay in this browser's localStorage.
 */
import { renderEmbedded } from "../chart/export";
import { PREFERS_DARK, prefersDark } from "./prefers-dark";

function start(): void {
  const win = window;
  const views = renderEmbedded(document, { dark: prefersDark(win) });
  win.matchMedia(PREFERS_DARK).addEventListener("change", (event) => {
    for (const view of views) view.setHostTheme({ dark: event.matches });
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
