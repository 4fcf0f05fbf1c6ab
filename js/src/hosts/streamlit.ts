/**
 * Streamlit components v2 entry: `data` is the envelope. Streamlit calls this again on every
 * rerun and theme change with the same parentElement, so the chart is kept per parentElement and
 * updated in place (a rerun with unchanged data keeps the user's zoom); the returned cleanup
 * destroys the chart once its parent has left the page. Settings changes go back as the one-shot
 * trigger `series_config_changes` (the seed's payload as is), consumed by the rerun it starts.
 *
 * Data is sent once: the chart reports the data it holds as the state value `held` (`{series:
 * {seriesId: dataHash}, request}`), and Python leaves out of later envelopes what the browser
 * reported (lwcharts/streamlit/held.py). An envelope that refers to data this chart does not
 * hold (a remount, a lost state) bumps `request`, which reruns the script with a report Python
 * answers with full data.
 *
 * User events (chart/events.ts) go back as the one-shot trigger `event`, for the kinds Python lists in
 * the envelope header's `events` (click and range; crosshair when the app opts in).
 */
import type { FrontendRenderer, FrontendState } from "@streamlit/component-v2-lib";
import { ChartView } from "../chart/view";
import type { ChartEvent } from "../chart/events";
import { EVENT_KINDS, TRIGGERS, type EventKind } from "../shared";
import type { ConfigPayload } from "../settings/service";
import { envelopeHeader, type Payload } from "../wire/envelope";
import { readStreamlitTheme } from "./streamlit-theme";

type Parent = HTMLElement | ShadowRoot;

export interface HeldReport {
  series: Record<string, string>;
  /** Bumped to ask Python for full data again. */
  request: number;
}

interface State extends FrontendState {
  [TRIGGERS.settings]: ConfigPayload | null;
  held: HeldReport | null;
  [TRIGGERS.event]: ChartEvent | null;
}

/** The state key with the data the chart holds (`on_held_change`). */
export const HELD_STATE = "held";
/** Resend requests in a row before giving up (Python keeps referring to data we lack). */
const MAX_REQUESTS = 3;

interface Mounted {
  view: ChartView;
  /** The newest setters: each call brings its own. */
  setState: (report: HeldReport) => void;
  emit: (event: ChartEvent) => void;
  /** The event kinds subscribed, joined. */
  events: string;
  /** JSON of the `series` last reported. */
  reported: string;
  request: number;
  failedInARow: number;
}

const mounts = new WeakMap<Parent, Mounted>();

function report(mounted: Mounted): void {
  const series = mounted.view.heldData();
  const text = JSON.stringify(series);
  if (text === mounted.reported) return;
  mounted.reported = text;
  mounted.setState({ series, request: mounted.request });
}

function askForFullData(mounted: Mounted): void {
  mounted.failedInARow += 1;
  if (mounted.failedInARow > MAX_REQUESTS) {
    throw new Error("lwcharts: the envelope refers to series data this chart does not hold");
  }
  mounted.request += 1;
  mounted.reported = JSON.stringify(mounted.view.heldData());
  mounted.setState({ series: mounted.view.heldData(), request: mounted.request });
}

/** Follow the event kinds the envelope's header asks for. */
function subscribe(mounted: Mounted, data: Payload): void {
  let asked: unknown;
  try {
    asked = envelopeHeader(data)["events"];
  } catch {
    return; // render() has shown what is wrong with the envelope
  }
  const kinds = Array.isArray(asked) ? EVENT_KINDS.filter((kind: EventKind) => asked.includes(kind)) : [];
  if (kinds.join() === mounted.events) return;
  mounted.events = kinds.join();
  mounted.view.setEvents(kinds);
}

const renderChart: FrontendRenderer<State, Payload | null> = ({
  data,
  parentElement,
  setTriggerValue,
  setStateValue,
}) => {
  const hostTheme = readStreamlitTheme(parentElement);
  let mounted = mounts.get(parentElement);
  if (mounted === undefined) {
    const created: Mounted = {
      view: undefined as unknown as ChartView,
      setState: (value) => setStateValue(HELD_STATE, value),
      emit: (event) => setTriggerValue(TRIGGERS.event, event),
      events: "",
      reported: "",
      request: 0,
      failedInARow: 0,
    };
    created.view = new ChartView(parentElement, hostTheme, {
      onMissingData: () => askForFullData(created),
      emit: (event) => created.emit(event),
    });
    mounts.set(parentElement, created);
    mounted = created;
  } else {
    mounted.view.setHostTheme(hostTheme);
  }
  mounted.setState = (value) => setStateValue(HELD_STATE, value);
  mounted.emit = (event) => setTriggerValue(TRIGGERS.event, event);
  mounted.view.setSender((payload) => setTriggerValue(TRIGGERS.settings, payload));
  if (data !== null && data.byteLength > 0) {
    const before = mounted.request;
    mounted.view.render(data);
    subscribe(mounted, data);
    if (mounted.request === before) {
      mounted.failedInARow = 0;
      report(mounted);
    }
  }
  const current = mounted;
  return () => {
    // Streamlit (1.67's BidiComponent) also calls the cleanup of a render that a newer one
    // superseded while the module import was in flight, with the component still in the page.
    // Destroying then would mount the chart again on the next call: its zoom and the data it
    // holds lost, the history sent again. Only a parent that has left the page is unmounted.
    if (parentElement.isConnected) return;
    current.view.destroy();
    if (mounts.get(parentElement) === current) mounts.delete(parentElement);
  };
};

export default renderChart;
