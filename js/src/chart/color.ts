/**
 * The little CSS colour arithmetic the theme needs: reading a host's background to tell light from
 * dark, and fading a series colour for area fills. Only the forms hosts and users actually write
 * (#rgb, #rgba, #rrggbb, #rrggbbaa, rgb(), rgba()) are understood; named colours are not.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

const RGB_FUNCTION = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+)(%?))?\s*\)$/i;

export function parseColor(css: string): Rgba | undefined {
  const text = css.trim();
  if (text.startsWith("#")) {
    const hex = text.slice(1);
    if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
    const digits = hex.length === 3 || hex.length === 4 ? [...hex].map((d) => d + d).join("") : hex;
    if (digits.length !== 6 && digits.length !== 8) return undefined;
    const byte = (i: number) => parseInt(digits.slice(i, i + 2), 16);
    return { r: byte(0), g: byte(2), b: byte(4), a: digits.length === 8 ? byte(6) / 255 : 1 };
  }
  const match = RGB_FUNCTION.exec(text);
  if (match === null) return undefined;
  const alpha = match[4] === undefined ? 1 : Number(match[4]) / (match[5] === "%" ? 100 : 1);
  return { r: Number(match[1]), g: Number(match[2]), b: Number(match[3]), a: alpha };
}

/** WCAG relative luminance, 0 (black) .. 1 (white). */
export function luminance({ r, g, b }: Rgba): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * Dark when the colour is closer to black than to white by contrast (luminance below ~0.18, where
 * contrast against black and against white are equal), not by a naive 0.5 threshold.
 */
export function isDarkColor(css: string): boolean | undefined {
  const rgba = parseColor(css);
  return rgba === undefined ? undefined : luminance(rgba) < 0.179;
}

/** The colour with its alpha replaced; unparseable input comes back unchanged. */
export function withAlpha(css: string, alpha: number): string {
  const rgba = parseColor(css);
  if (rgba === undefined) return css;
  return `rgba(${rgba.r}, ${rgba.g}, ${rgba.b}, ${alpha})`;
}

/** "#rrggbb" of a colour, ignoring its alpha (what `<input type=color>` takes). */
export function toHex({ r, g, b }: Rgba): string {
  const byte = (v: number) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0");
  return `#${byte(r)}${byte(g)}${byte(b)}`;
}

/**
 * A colour picker's "#rrggbb" at an opacity of 0..100 (%): plain hex when opaque, so settings stay
 * as short as a user would write them, rgba() otherwise.
 */
export function colorAtOpacity(hex: string, opacity: number): string {
  const rgba = parseColor(hex);
  if (rgba === undefined) return hex;
  const alpha = Math.round(Math.min(100, Math.max(0, opacity))) / 100;
  return alpha === 1 ? toHex(rgba) : `rgba(${rgba.r}, ${rgba.g}, ${rgba.b}, ${alpha})`;
}
