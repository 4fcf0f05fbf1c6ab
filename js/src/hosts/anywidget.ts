/**
 * anywidget entry (Jupyter, VS Code, Colab, marimo): the `_payload` Bytes trait carries the
 * envelope; a new value redraws the same chart. Settings changes go back to Python as a custom
 * message (`model.send(payload)`, received by the widget's `on_msg`), the seed's
 * `series_config_changes` payload as is. Custom messages beside it (lwcharts/jupyter/__init__.py):
 * events `{type: "event", event}` for the kinds in the `_events` trait; live rows
 * `{type: "append", seriesId}` + one buffer; `{type: "screenshot", id}` answered with the PNG as
 * a buffer; `{type: "view", attached}` so Python knows whether anyone can answer; `{type:
 * "refresh"}` when a late view missed live rows. An envelope too large for one message comes as
 * a reference in the `_parts` trait (`_payload` empty): the model asks for its parts `{type:
 * "parts", id, nonce}` once it listens, and they come as `{type: "part", id, nonce, index}` + one
 * buffer each, put back together here (`wire/parts.ts`) for every view of the model.
 */
import type { Initialize, Render } from "@anywidget/types";
import { ChartView } from "../chart/view";
import { EVENT_KINDS, MESSAGES, type EventKind } from "../shared";
import { canvasToPng } from "../chart/export";
import type { Payload } from "../wire/envelope";
import { PartsAssembly, partsReference } from "../wire/parts";
import { readNotebookTheme, watchNotebookTheme } from "./notebook-theme";

interface Model {
  /** anywidget delivers a Python `Bytes` trait as a DataView; empty until Python sets it. */
  _payload: Payload | null;
  /** The reference of an envelope sent in parts, else `{}` (wire/parts.ts checks it). */
  _parts: unknown;
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

type Message = { type?: unknown; id?: unknown; seriesId?: unknown; nonce?: unknown; index?: unknown };

/**
 * The envelope of a widget that Python sent in parts, per model like the live log: every view,
 * including one displayed again later, draws from the one copy. `nonce` names our request, so
 * parts another page asked for are not taken for ours.
 */
interface PartsState {
  assembly: PartsAssembly | undefined;
  nonce: string;
  error: string | undefined;
  /** Views waiting for the whole envelope (or its error). */
  waiting: Set<() => void>;
}
const partsStates = new Map<string, PartsState>();

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
  const parts: PartsState = { assembly: undefined, nonce: "", error: undefined, waiting: new Set() };
  partsStates.set(uid, parts);
  const tell = () => {
    for (const view of parts.waiting) {
      try {
        view();
      } catch {
        // A bad envelope is shown in that view in place of its chart; the others still draw.
      }
    }
  };
  const refuse = (error: unknown) => {
    parts.assembly = undefined;
    parts.error = error instanceof Error ? error.message : String(error);
    tell();
  };
  const ask = () => {
    parts.assembly = undefined;
    parts.error = undefined;
    try {
      const reference = partsReference(model.get("_parts"));
      if (reference === null) return;
      parts.assembly = new PartsAssembly(reference);
      parts.nonce = Math.random().toString(16).slice(2);
      model.send({ type: MESSAGES.parts, id: reference.id, nonce: parts.nonce });
    } catch (error) {
      refuse(error);
    }
  };
  const receive = (message: Message, buffers: DataView[]) => {
    const assembly = parts.assembly;
    if (message.type !== MESSAGES.part || message.nonce !== parts.nonce || assembly === undefined) return;
    try {
      if (buffers.length !== 1) throw new Error(`lwcharts: bad envelope parts: a part came with ${buffers.length} buffers, expected 1`);
      assembly.add(message.id, message.index, buffers[0]);
    } catch (error) {
      refuse(error);
      return;
    }
    if (assembly.complete) tell();
  };
  const newParts = () => {
    reset();
    ask();
  };
  model.on("change:_payload", reset);
  model.on("change:_parts", newParts);
  model.on("msg:custom", record);
  model.on("msg:custom", receive);
  ask();
  return () => {
    model.off("change:_payload", reset);
    model.off("change:_parts", newParts);
    model.off("msg:custom", record);
    model.off("msg:custom", receive);
    logs.delete(uid);
    partsStates.delete(uid);
  };
};

const render: Render<Model> = ({ model, el }) => {
  const doc = el.ownerDocument;
  const view = new ChartView(el, readNotebookTheme(doc), {
    send: (payload) => model.send(payload),
    emit: (event) => model.send({ type: MESSAGES.event, event }),
  });
  const parts = partsStates.get(model.get("_uid"));
  // True while the envelope is in parts still on their way: live rows wait in the log meanwhile.
  let waitingForParts = false;
  const draw = () => {
    const payload = model.get("_payload");
    const assembly = parts?.assembly;
    waitingForParts = false;
    if (payload !== null && payload.byteLength > 0) view.render(payload);
    else if (parts?.error !== undefined) view.showError(parts.error);
    else if (assembly?.complete === true) view.render(assembly.bytes());
    else waitingForParts = assembly !== undefined;
  };
  const partsCame = () => {
    draw();
    if (!waitingForParts) replay();
  };
  parts?.waiting.add(partsCame);
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
    if (message.type === MESSAGES.append && buffers.length > 0 && !waitingForParts) view.appendRows(buffers[0]);
    else if (message.type === MESSAGES.screenshot && typeof message.id === "string") screenshot(message.id);
  };
  const replay = () => {
    const log = logs.get(model.get("_uid"));
    if (log?.overflow === true) model.send({ type: MESSAGES.refresh });
    else for (const rows of log?.rows ?? []) view.appendRows(rows);
  };
  draw();
  if (!waitingForParts) replay();
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
    parts?.waiting.delete(partsCame);
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
