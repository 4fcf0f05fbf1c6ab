/**
 * The chart's own stylesheet, placed inside the chart root so it reaches the legend and the
 * settings dialog inside a Streamlit shadow root as well as in a notebook page. Colours come from
 * custom properties the chart view sets from the resolved palette, so one stylesheet serves light
 * and dark. Selectors start at `.lwcharts` and set fonts and sizes explicitly, so a host page's
 * own button/input/h2 rules do not leak in.
 */
import { withAlpha } from "./color";
import type { Theme } from "./theme";

/** lightweight-charts' own default font stack, so legend and axes match. */
const FONT = `-apple-system, BlinkMacSystemFont, "Trebuchet MS", Roboto, Ubuntu, sans-serif`;

export const CSS = `
.lwcharts { position: relative; width: 100%; font-family: ${FONT}; color: var(--lwc-text); }
/*
 * lightweight-charts' own box, in its own compositing layer with the chart's (opaque) background:
 * the compositor then knows nothing under the chart shows, and stops redrawing the host page's
 * layers beneath it on every frame the chart repaints (in software compositing, as in a headless
 * or GPU-less browser, that halved its cost while rows stream in). It looks the same: the chart
 * paints this background itself.
 */
.lwcharts .lwc-chart { width: 100%; background: var(--lwc-background); will-change: opacity; }
.lwcharts .lwc-legend {
  position: absolute; top: 8px; left: 8px; z-index: 3;
  pointer-events: none; font-size: 12px; line-height: 18px;
}
.lwcharts .lwc-legend[hidden] { display: none; }
.lwcharts .lwc-legend-entry {
  display: flex; align-items: center; gap: 6px; width: fit-content;
  padding: 0 4px; border-radius: 3px; white-space: nowrap;
  background: var(--lwc-legend-background);
}
.lwcharts .lwc-legend-swatch { flex: none; width: 8px; height: 8px; border-radius: 2px; }
.lwcharts .lwc-legend-value { font-variant-numeric: tabular-nums; }
.lwcharts .lwc-error { padding: 8px; white-space: pre-wrap; font-size: 13px; color: #d32f2f; }

.lwcharts .lwc-gear {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center;
  width: 18px; height: 18px; padding: 2px; border-radius: 3px; cursor: pointer;
  pointer-events: auto; color: var(--lwc-text); opacity: 0.55;
}
.lwcharts .lwc-gear:hover, .lwcharts .lwc-gear:focus-visible { opacity: 1; background: var(--lwc-hover); }
.lwcharts .lwc-gear:focus-visible { outline: 2px solid var(--lwc-accent); outline-offset: 0; }
.lwcharts .lwc-gear svg { width: 14px; height: 14px; }
/* The toolbar sits in a strip left of the chart, so it never covers the plot or the legend. */
.lwcharts[data-drawing-tools="true"] .lwc-chart { margin-left: 30px; width: calc(100% - 30px); }
.lwcharts[data-drawing-tools="true"] .lwc-legend { margin-left: 30px; }
.lwcharts .lwc-drawing-toolbar {
  position: absolute; top: 0; left: 0; z-index: 4; display: flex; flex-direction: column;
  box-sizing: border-box; max-height: 100%;
  border-radius: 4px; background: var(--lwc-legend-background); border: 1px solid var(--lwc-border);
}
.lwcharts .lwc-drawing-toolbar[hidden] { display: none; }
/* Never taller than the chart: on a short one the buttons scroll, paged by the arrows (drawings/ui/toolbar.ts).
   The padding is inside the scrolled box, so a focused button's outline is not clipped. */
.lwcharts .lwc-drawing-toolbar-buttons {
  display: flex; flex-direction: column; gap: 1px; min-height: 0; padding: 2px;
  overflow-y: auto; scroll-padding-block: 2px; scrollbar-width: none;
}
.lwcharts .lwc-drawing-toolbar-buttons::-webkit-scrollbar { display: none; }
.lwcharts .lwc-drawing-toolbar-buttons > * { flex: none; }
.lwcharts .lwc-drawing-toolbar-scroll {
  flex: none; display: flex; align-items: center; justify-content: center; height: 14px; margin: 2px 2px 0;
  border-radius: 3px; cursor: pointer; color: var(--lwc-text); opacity: 0.7;
}
.lwcharts .lwc-drawing-toolbar-scroll[data-scroll="down"] { margin: 0 2px 2px; }
.lwcharts .lwc-drawing-toolbar-scroll[hidden] { display: none; }
.lwcharts .lwc-drawing-toolbar-scroll:hover { opacity: 1; background: var(--lwc-hover); }
.lwcharts .lwc-drawing-toolbar-scroll[data-disabled="true"] { opacity: 0.25; cursor: default; background: none; }
.lwcharts .lwc-drawing-toolbar-scroll svg { width: 14px; height: 14px; }
.lwcharts .lwc-drawing-button {
  all: unset; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center;
  width: 22px; height: 22px; padding: 2px; border-radius: 3px; cursor: pointer; color: var(--lwc-text); opacity: 0.7;
}
.lwcharts .lwc-drawing-button:hover, .lwcharts .lwc-drawing-button:focus-visible { opacity: 1; background: var(--lwc-hover); }
.lwcharts .lwc-drawing-button:focus-visible { outline: 2px solid var(--lwc-accent); outline-offset: 0; }
.lwcharts .lwc-drawing-button[aria-pressed="true"] { opacity: 1; color: var(--lwc-accent); background: var(--lwc-hover); }
.lwcharts .lwc-drawing-button svg { width: 18px; height: 18px; }
.lwcharts .lwc-drawing-toolbar-separator { height: 1px; margin: 2px 0; background: var(--lwc-border); }
.lwcharts:focus { outline: none; }
.lwcharts .lwc-pane-gears { position: absolute; inset: 0; pointer-events: none; z-index: 4; }
.lwcharts .lwc-gear-pane { position: absolute; background: var(--lwc-legend-background); }

.lwcharts .lwc-settings-backdrop { position: absolute; inset: 0; z-index: 10; background: var(--lwc-backdrop); }
.lwcharts .lwc-settings {
  position: absolute; z-index: 11; top: 8px; left: 50%; transform: translateX(-50%);
  box-sizing: border-box; width: min(380px, calc(100% - 16px)); max-height: max(calc(100% - 16px), 300px);
  display: flex; flex-direction: column; padding: 12px 14px; border: 1px solid var(--lwc-border); border-radius: 6px;
  background: var(--lwc-background); color: var(--lwc-text); color-scheme: var(--lwc-scheme);
  box-shadow: 0 8px 28px rgba(0, 0, 0, 0.28); font-size: 13px; line-height: 1.4; text-align: left;
}
.lwcharts .lwc-settings-head { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
.lwcharts .lwc-settings-title {
  flex: 1; margin: 0; padding: 0; font-family: inherit; font-size: 14px; font-weight: 600; line-height: 1.3; color: inherit;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border: 0;
}
.lwcharts .lwc-settings button {
  font: inherit; color: inherit; cursor: pointer; background: transparent;
  border: 1px solid var(--lwc-border); border-radius: 4px; padding: 4px 10px; margin: 0;
}
.lwcharts .lwc-settings button:hover { background: var(--lwc-hover); }
.lwcharts .lwc-settings :focus-visible { outline: 2px solid var(--lwc-accent); outline-offset: 1px; }
.lwcharts .lwc-settings .lwc-settings-x { border: 0; padding: 0 6px; font-size: 18px; line-height: 1; }
.lwcharts .lwc-tabs { display: flex; gap: 2px; border-bottom: 1px solid var(--lwc-border); margin-bottom: 8px; }
.lwcharts .lwc-settings .lwc-tab {
  border: 0; border-bottom: 2px solid transparent; border-radius: 0; padding: 6px 10px; opacity: 0.75;
}
.lwcharts .lwc-settings .lwc-tab[aria-selected="true"] { border-bottom-color: var(--lwc-accent); opacity: 1; font-weight: 600; }
.lwcharts .lwc-settings-body { flex: 1 1 auto; min-height: 0; overflow: auto; padding: 2px; }
.lwcharts .lwc-tab-panel[hidden] { display: none; }
.lwcharts .lwc-field { display: flex; align-items: center; justify-content: space-between; gap: 10px; min-height: 30px; }
.lwcharts .lwc-field > label { flex: 1; }
.lwcharts .lwc-picker { margin-bottom: 6px; }
.lwcharts .lwc-settings input, .lwcharts .lwc-settings select {
  font: inherit; color: inherit; background: var(--lwc-background); margin: 0;
  border: 1px solid var(--lwc-border); border-radius: 4px; padding: 2px 4px; box-sizing: border-box;
}
.lwcharts .lwc-settings input[type="number"] { width: 110px; }
.lwcharts .lwc-settings input[type="text"], .lwcharts .lwc-settings select { width: 150px; }
.lwcharts .lwc-settings input[type="checkbox"] { width: 16px; height: 16px; padding: 0; }
.lwcharts .lwc-settings input[type="color"] { width: 36px; height: 24px; padding: 0 2px; }
.lwcharts .lwc-settings input[type="range"] { width: 80px; padding: 0; border: 0; background: transparent; }
.lwcharts .lwc-settings [aria-invalid="true"] { border-color: #d32f2f; }
.lwcharts .lwc-color { display: inline-flex; align-items: center; gap: 6px; }
.lwcharts .lwc-percent { width: 3.2em; text-align: right; font-variant-numeric: tabular-nums; }
.lwcharts .lwc-settings-foot { display: flex; justify-content: flex-end; margin-top: 10px; }
.lwcharts .lwc-empty { margin: 8px 0; opacity: 0.7; }
.lwcharts .lwc-input-problem { margin: 0 0 6px; font-size: 12px; color: #e53935; overflow-wrap: anywhere; }
.lwcharts .lwc-sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
`;

export function createStyle(doc: Document): HTMLStyleElement {
  const style = doc.createElement("style");
  style.textContent = CSS;
  return style;
}

/** The custom properties CSS above reads. */
export function themeProperties({ name, palette }: Theme): Record<string, string> {
  return {
    "--lwc-text": palette.text,
    "--lwc-background": palette.background,
    "--lwc-border": palette.border,
    "--lwc-accent": palette.series[0],
    "--lwc-hover": withAlpha(palette.text, 0.08),
    "--lwc-backdrop": withAlpha(palette.background, 0.35),
    // Native controls (number spinners, selects, the colour picker) follow light/dark too.
    "--lwc-scheme": name,
    // Translucent, so candles under the legend stay visible but do not scramble the text.
    "--lwc-legend-background": withAlpha(palette.background, 0.75),
  };
}
