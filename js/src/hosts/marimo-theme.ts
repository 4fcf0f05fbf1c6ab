/**
 * Light or dark in marimo. marimo (checked in 0.25) resolves its own theme setting (light, dark,
 * or system) and publishes the result on <body> as two classes, `light light-theme` or `dark
 * dark-theme`, plus `data-theme`; it swaps them when the user switches the theme. The
 * `-theme` classes are the marimo-specific signal (a bare `dark` class is too common to trust).
 */

/** true/false inside marimo, undefined elsewhere. */
export function marimoIsDark(bodyClasses: { contains(token: string): boolean }): boolean | undefined {
  if (bodyClasses.contains("dark-theme")) return true;
  if (bodyClasses.contains("light-theme")) return false;
  return undefined;
}
