/** The OS/browser colour-scheme preference: the last word when a host says nothing itself. */
export const PREFERS_DARK = "(prefers-color-scheme: dark)";

export function prefersDark(win: Window): boolean {
  return win.matchMedia(PREFERS_DARK).matches;
}
