/**
 * anywidget entry (Jupyter, VS Code, Colab, marimo): the `_payload` Bytes trait carries the
 * envelope; a new value redraws the same chart. Settings changes go back to Python as a custom
 * message (`model.send(payload)`, received by the widget's `on_msg`), the seed's
 * `series_config_changes` payload as is.
 */
import type { Render } from "@anywidget/types";
import { ChartView } from "../chart-view";
import type { Payload } from "../wire";
import { readNotebookTheme, watchNotebookTheme } from "./notebook-theme";

interface Model {
  /** anywidget delivers a Python `Bytes` trait as a DataView; empty until Python sets it. */
  _payload: Payload | null;
}

const render: Render<Model> = ({ model, el }) => {
  const doc = el.ownerDocument;
  const view = new ChartView(el, readNotebookTheme(doc), { send: (payload) => model.send(payload) });
  const draw = () => {
    const payload = model.get("_payload");
    if (payload !== null && payload.byteLength > 0) view.render(payload);
  };
  draw();
  model.on("change:_payload", draw);
  const stopWatching = watchNotebookTheme(doc, (theme) => view.setHostTheme(theme));
  return () => {
    model.off("change:_payload", draw);
    stopWatching();
    view.destroy();
  };
};

export default { render };
