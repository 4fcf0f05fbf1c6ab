/**
 * Getting a chart out of the page: a PNG of what is drawn (Python's `chart.screenshot()`), and
 * the charts `save_html` embeds in a standalone page (hosts/standalone.ts): the envelope as
 * base64 text in a `<script type="application/octet-stream">`, drawn with the user's saved
 * settings it carries, and nothing fetched.
 */
import { ChartView } from "./view";
import type { HostTheme } from "./theme";

/** The selector of embedded envelopes; `data-lwcharts-target` on a div names the script's id. */
export const EMBEDDED_SELECTOR = 'script[type="application/octet-stream"][id]';

/** PNG bytes of a canvas, e.g. `ChartView.screenshot()`. */
export function canvasToPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) {
        reject(new Error(`the ${canvas.width}×${canvas.height} chart canvas gave no PNG`));
        return;
      }
      blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
    }, "image/png");
  });
}

/** Bytes of base64 text (whitespace ignored, as an editor may wrap it). */
export function base64ToBytes(text: string, atob: (data: string) => string = globalThis.atob): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ""));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Draw every chart embedded in `doc`: for each `<div data-lwcharts-target="<id>">`, the
 * envelope in the script with that id. Returns the views (the page keeps them for its life).
 */
export function renderEmbedded(doc: Document, hostTheme: HostTheme): ChartView[] {
  const views: ChartView[] = [];
  for (const target of Array.from(doc.querySelectorAll<HTMLElement>("[data-lwcharts-target]"))) {
    const id = target.dataset["lwchartsTarget"] ?? "";
    const script = doc.getElementById(id);
    // No channel to Python here: settings the reader changes stay in this browser's localStorage.
    const view = new ChartView(target, hostTheme, { localOnly: true });
    if (script === null || !script.matches(EMBEDDED_SELECTOR)) {
      view.root.textContent = `lwcharts: no embedded chart with id ${JSON.stringify(id)}`;
      continue;
    }
    try {
      view.render(base64ToBytes(script.textContent ?? ""));
    } catch (error) {
      // render() shows a bad envelope's error in the chart's place; the console gets it too.
      console.error(error);
    }
    views.push(view);
  }
  return views;
}
