/**
 * Light and dark palettes, and the choice between them. "auto" follows the host page: the host
 * adapter measures the page (HostTheme) and, where the host publishes its own colours (Streamlit),
 * the chart wears them so it sits in the page without a visible box.
 */
import { isDarkColor, withAlpha } from "./color";
import type { RequestedTheme, ThemeName } from "../wire/spec";

export interface Palette {
  /** Chart and legend background. */
  background: string;
  /** Axis labels, legend text. */
  text: string;
  /** Grid lines. */
  grid: string;
  /** Price/time scale borders and pane separators. */
  border: string;
  /** Rising candles/bars, baseline above its base value. */
  up: string;
  /** Falling candles/bars, baseline below its base value. */
  down: string;
  /** Line, area and histogram series take these in turn, in the order they were added. */
  series: readonly string[];
  /** Watermark text. */
  watermark: string;
}

/** TradingView's own light scheme, so charts look familiar to traders. */
export const LIGHT: Palette = {
  background: "#ffffff",
  text: "#131722",
  grid: "#f0f3fa",
  border: "#e0e3eb",
  up: "#26a69a",
  down: "#ef5350",
  series: ["#2962ff", "#ff6d00", "#00897b", "#d81b60", "#8e24aa", "#f9a825", "#5d4037", "#546e7a"],
  watermark: "rgba(19, 23, 34, 0.12)",
};

/** TradingView's dark scheme; series colours are lighter tints that keep contrast on #131722. */
export const DARK: Palette = {
  background: "#131722",
  text: "#d1d4dc",
  grid: "#2a2e39",
  border: "#363a45",
  up: "#26a69a",
  down: "#ef5350",
  series: ["#5b8cff", "#ffa040", "#4db6ac", "#f06292", "#ba68c8", "#ffd54f", "#a1887f", "#90a4ae"],
  watermark: "rgba(209, 212, 220, 0.12)",
};

/** What a host adapter found out about the page around the chart. */
export interface HostTheme {
  dark: boolean;
  /** Host colours (any CSS colour); when given, "auto" uses them instead of the palette's. */
  background?: string;
  text?: string;
  border?: string;
}

export interface Theme {
  name: ThemeName;
  palette: Palette;
}

export function resolveTheme(requested: RequestedTheme, host: HostTheme): Theme {
  if (requested === "light") return { name: "light", palette: LIGHT };
  if (requested === "dark") return { name: "dark", palette: DARK };
  const name: ThemeName = host.dark ? "dark" : "light";
  const base = host.dark ? DARK : LIGHT;
  return {
    name,
    palette: {
      ...base,
      background: host.background ?? base.background,
      text: host.text ?? base.text,
      grid: host.border ?? base.grid,
      border: host.border ?? base.border,
      watermark: host.text === undefined ? base.watermark : withAlpha(host.text, 0.12),
    },
  };
}

/**
 * A HostTheme from colours a host publishes. Dark is decided by the background alone; when the
 * host gave no readable background, `fallbackDark` (usually prefers-color-scheme) decides and the
 * host's colours are not used, since they may belong to the other scheme.
 */
export function hostThemeFromColors(
  colors: { background?: string; text?: string; border?: string },
  fallbackDark: boolean,
): HostTheme {
  const dark = colors.background === undefined ? undefined : isDarkColor(colors.background);
  if (dark === undefined) return { dark: fallbackDark };
  return { dark, background: colors.background, text: colors.text, border: colors.border };
}
