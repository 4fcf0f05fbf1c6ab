// One command for the Python build (hatch-jupyter-builder) and for people: bundle the host
// entries (anywidget, Streamlit, save_html's standalone page), self-contained and minified,
// into the package's static/ folder, with the licence of the bundled lightweight-charts beside
// them.
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = join(here, "..", "lwcharts", "static");

await mkdir(outdir, { recursive: true });
await build({
  entryPoints: {
    widget: join(here, "src", "hosts", "anywidget.ts"),
    streamlit: join(here, "src", "hosts", "streamlit.ts"),
  },
  outdir,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  // Each entry must load alone (anywidget's _esm, Streamlit's js=): no shared chunks.
  splitting: false,
  legalComments: "eof",
  logLevel: "info",
});
// save_html's page inlines this one as a classic <script> (works from file://, no module loader).
await build({
  entryPoints: { standalone: join(here, "src", "hosts", "standalone.ts") },
  outdir,
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "eof",
  logLevel: "info",
});
await copyFile(
  join(here, "node_modules", "lightweight-charts", "LICENSE"),
  join(outdir, "lightweight-charts-LICENSE.txt"),
);
