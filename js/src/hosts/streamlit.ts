/**
 * Streamlit components v2 entry: `data` is the envelope. Streamlit calls this again on every
 * rerun and theme change with the same parentElement, so the chart is kept per parentElement and
 * updated in place (a rerun with unchanged data keeps the user's zoom); the returned cleanup runs
 * on unmount. Settings changes go back as the one-shot trigger `series_config_changes` (the seed's
 * payload as is), consumed by the rerun it starts.
 */
import type { FrontendRenderer, FrontendState } from "@streamlit/component-v2-lib";
import { ChartView } from "../chart-view";
import type { ConfigPayload } from "../settings/service";
import type { Payload } from "../wire";
import { readStreamlitTheme } from "./streamlit-theme";

type Parent = HTMLElement | ShadowRoot;

interface State extends FrontendState {
  series_config_changes: ConfigPayload | null;
}

/** The trigger key Python listens to (`on_series_config_changes_change`). */
export const CONFIG_TRIGGER = "series_config_changes";

const views = new WeakMap<Parent, ChartView>();

const renderChart: FrontendRenderer<State, Payload | null> = ({ data, parentElement, setTriggerValue }) => {
  const hostTheme = readStreamlitTheme(parentElement);
  let view = views.get(parentElement);
  if (view === undefined) {
    view = new ChartView(parentElement, hostTheme);
    views.set(parentElement, view);
  } else {
    view.setHostTheme(hostTheme);
  }
  // Each call brings its own setter; the newest one reaches the current script run.
  view.setSender((payload) => setTriggerValue(CONFIG_TRIGGER, payload));
  if (data !== null && data.byteLength > 0) view.render(data);
  const mounted = view;
  return () => {
    mounted.destroy();
    views.delete(parentElement);
  };
};

export default renderChart;
