/**
 * Streamlit components v2 entry: `data` is the envelope. Streamlit calls this again on every
 * rerun and theme change with the same parentElement, so the chart is kept per parentElement and
 * updated in place (a rerun with unchanged data keeps the user's zoom); the returned cleanup runs on unmount.
 */
import type { FrontendRenderer, FrontendState } from "@streamlit/component-v2-lib";
import { ChartView } from "../chart-view";
import type { Payload } from "../wire";
import { readStreamlitTheme } from "./streamlit-theme";

type Parent = HTMLElement | ShadowRoot;

const views = new WeakMap<Parent, ChartView>();

const renderChart: FrontendRenderer<FrontendState, Payload | null> = ({ data, parentElement }) => {
  const hostTheme = readStreamlitTheme(parentElement);
  let view = views.get(parentElement);
  if (view === undefined) {
    view = new ChartView(parentElement, hostTheme);
    views.set(parentElement, view);
  } else {
    view.setHostTheme(hostTheme);
  }
  if (data !== null && data.byteLength > 0) view.render(data);
  const mounted = view;
  return () => {
    mounted.destroy();
    views.delete(parentElement);
  };
};

export default renderChart;
