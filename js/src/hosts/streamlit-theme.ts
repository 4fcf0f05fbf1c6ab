/**
 * Streamlit publishes its theme as `--st-*` custom properties on an element around each
 * component (they inherit into the shadow root), and calls the component again whenever the
 * theme changes, so reading them once per call is enough to follow it.
 */
import { hostThemeFromColors, type HostTheme } from "../chart/theme";
import { prefersDark } from "./prefers-dark";

export function readStreamlitTheme(parent: HTMLElement | ShadowRoot): HostTheme {
  const element = "host" in parent ? parent.host : parent;
  const win = element.ownerDocument.defaultView ?? window;
  const style = win.getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(name).trim() || undefined;
  return hostThemeFromColors(
    {
      background: read("--st-background-color"),
      text: read("--st-text-color"),
      border: read("--st-border-color"),
    },
    prefersDark(win),
  );
}
