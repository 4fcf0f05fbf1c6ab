/**
 * The chart's own stylesheet, placed inside the chart root so it reaches the legend inside a
 * Streamlit shadow root as well as in a notebook page. Colours come from custom properties the
 * chart view sets from the resolved palette, so one stylesheet serves light and dark.
 */
import { withAlpha } from "./color";
import type { Palette } from "./theme";

/** lightweight-charts' own default font stack, so legend and axes match. */
const FONT = `-apple-system, BlinkMacSystemFont, "Trebuchet MS", Roboto, Ubuntu, sans-serif`;

export const CSS = `
.lwcharts { position: relative; width: 100%; font-family: ${FONT}; color: var(--lwc-text); }
.lwcharts .lwc-chart { width: 100%; }
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
`;

export function createStyle(doc: Document): HTMLStyleElement {
  const style = doc.createElement("style");
  style.textContent = CSS;
  return style;
}

/** The custom properties CSS above reads. */
export function paletteProperties(palette: Palette): Record<string, string> {
  return {
    "--lwc-text": palette.text,
    // Translucent, so candles under the legend stay visible but do not scramble the text.
    "--lwc-legend-background": withAlpha(palette.background, 0.75),
  };
}
