/**
 * anywidget entry (Jupyter, VS Code, Colab, marimo): the `_payload` Bytes trait carries the
 * envelope; a new value redraws the same chart. Settings changes go back to Python as a custom
 * message (`model.send(payload)`, received by the widget's `on_msg`), the seed's
 * `series_config_changes` payload as is. Custom messages beside it (lwcharts/jupyter/__init__.py):
 * events `{type: "event", event}` for the kinds in the `_events` trait; live rows
 * `{type: "append", seriesId}` + one buffer; `{type: "screenshot", id}` answered with the PNG as
 * a buffer; `{type: "view", attached}` so Python knows whether anyone can answer; `{type:
 * "refresh"}` when a late view missed live rows.
 */
import type { Initialize, Render } from "@anywidget/types";
import { ChartView } from "../chart/view";
import { EVENT_KINDS, MESSAGES, type EventKind } from "../shared";
import { canvasToPng } from "../chart/export";
import type { Payload } from "../wire/envelope";
import { readNotebookTheme, watchNotebookTheme } from "./notebook-theme";

interface Model {
  /** anywidget delivers a Python `Bytes` trait as a DataView; empty until Python sets it. */
  _payload: Payload | null;
  /** Event kinds Python has callbacks for. */
  _events: string[];
  /** Unique per widget: keys the live-rows log that views rendered late replay. */
  _uid: string;
}

/**
 * Live rows that arrived since the envelope was last set, kept per widget from the moment its
 * model exists: a view that renders later (e.g. "Run All", where rows stream before the output
 * is drawn) replays them instead of missing them. Past MAX_LOG messages the log is dropped and
 * such a view asks Python for a fresh envelope instead.
 */
interface LiveLog {
  rows: DataView[];
  overflow: boolean;
}
const MAX_LOG = 10_000;
const logs = new Map<string, LiveLog>();

type Message = { type?: unknown; id?: unknown; seriesId?: unknown };

const initialize: Initialize<Model> = ({ model }) => {
  const uid = model.get("_uid");
  const log: LiveLog = { rows: [], overflow: false };
  logs.set(uid, log);
  const reset = () => {
    log.rows = [];
    log.overflow = false;
  };
  const record = (message: Message, buffers: DataView[]) => {
    if (message.type !== MESSAGES.append || buffers.length === 0 || log.overflow) return;
    if (log.rows.length < MAX_LOG) {
      log.rows.push(buffers[0]);
    } else {
      reset();
      log.overflow = true;
    }
  };
  model.on("change:_payload", reset);
  model.on("msg:custom", record);
  return () => {
    model.off("change:_payload", reset);
    model.off("msg:custom", record);
    logs.delete(uid);
  };
};

const render: Render<Model> = ({ model, el }) => {
  const doc = el.ownerDocument;
  const view = new ChartView(el, readNotebookTheme(doc), {
    send: (payload) => model.send(payload),
    emit: (event) => model.send({ type: MESSAGES.event, event }),
  });
  const draw = () => {
    const payload = model.get("_payload");
    if (payload !== null && payload.byteLength > 0) view.render(payload);
  };
  const listen = () => {
    const kinds = (model.get("_events") ?? []).filter((k): k is EventKind => EVENT_KINDS.includes(k as EventKind));
    view.setEvents(kinds);
  };
  const screenshot = (id: string) => {
    const canvas = view.screenshot();
    canvasToPng(canvas).then(
      (png) => model.send({ type: MESSAGES.screenshot, id, width: canvas.width, height: canvas.height }, undefined, [png]),
      (error: unknown) => model.send({ type: MESSAGES.screenshot, id, error: String(error) }),
    );
  };
  const onMessage = (message: Message, buffers: DataView[]) => {
    if (message.type === MESSAGES.append && buffers.length > 0) view.appendRows(buffers[0]);
    else if (message.type === MESSAGES.screenshot && typeof message.id === "string") screenshot(message.id);
  };
  draw();
  const log = logs.get(model.get("_uid"));
  if (log?.overflow === true) model.send({ type: MESSAGES.refresh });
  else for (const rows of log?.rows ?? []) view.appendRows(rows);
  listen();
  model.on("change:_payload", draw);
  model.on("change:_events", listen);
  model.on("msg:custom", onMessage);
  model.send({ type: MESSAGES.view, attached: true });
  const stopWatching = watchNotebookTheme(doc, (theme) => view.setHostTheme(theme));
  return () => {
    model.off("change:_payload", draw);
    model.off("change:_events", listen);
    model.off("msg:custom", onMessage);
    stopWatching();
    view.destroy();
    try {
      model.send({ type: MESSAGES.view, attached: false });
    } catch {
      // The widget is closing: nobody is left to tell.
    }
  };
};

export default { initialize, render };
