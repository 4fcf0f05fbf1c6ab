/**
 * The series settings dialog: a modal over the chart with Style / Visibility / Inputs tabs whose
 * controls are built from the option schema of the series' type. Every change goes to the host at
 * once (which applies it to the chart and records it); the dialog itself keeps no settings.
 *
 * It lives inside the chart root and only ever searches there, so it works in a Streamlit shadow
 * root as in a notebook page. Series names are set through textContent only.
 */
import type { SeriesType } from "../../shared";
import type { InputSpec } from "../../wire/spec";
import { buildControl, type Control } from "./controls";
import { focusedElement, ModalFrame } from "./modal";
import { asOptionSpec, checkInput, inputKey } from "../inputs";
import { checkValue, optionsOf, TABS, type FlatConfig, type OptionTab } from "../schema";

export interface EditableSeries {
  id: string;
  /** Untrusted user text. */
  name: string;
  type: SeriesType;
  paneId: number;
  /** Inputs of a series computed in Python (shown on the Inputs tab, below the options). */
  inputs?: Readonly<Record<string, InputSpec>>;
}

/** What the dialog needs from the chart (ChartView; a small fake in tests). */
export interface SettingsHost {
  /** The chart's series, in legend order. */
  series(): readonly EditableSeries[];
  /** The values the series shows now, by schema name (inputs by `input:<name>`). */
  values(seriesId: string): FlatConfig;
  /** The user changed these options: apply them to the chart and record them. */
  change(seriesId: string, config: FlatConfig): void;
  /** Remove the user's settings of the series: the code's options show again. */
  reset(seriesId: string): void;
  /** The dialog closed: a good moment to send pending changes to Python. */
  closed(): void;
}

export const DIALOG_TEST_ID = "lwcharts-settings";
export const TAB_NAMES: Record<OptionTab, string> = { style: "Style", visibility: "Visibility", inputs: "Inputs" };

let dialogCount = 0;

export class SettingsDialog {
  private readonly doc: Document;
  private readonly prefix: string;
  private readonly frame: ModalFrame;
  private seriesId = "";
  /** Series offered by the picker (a pane gear with several series), else empty. */
  private choices: EditableSeries[] = [];
  private tab: OptionTab = "style";
  private controls = new Map<string, Control>();
  /** Per input name: where Python's reason for not taking the user's value is shown. */
  private problems = new Map<string, HTMLElement>();

  constructor(
    private readonly root: HTMLElement,
    private readonly host: SettingsHost,
  ) {
    this.doc = root.ownerDocument;
    this.prefix = `lwc-settings-${++dialogCount}`;
    this.frame = new ModalFrame(root, { dismiss: () => this.close(), replacement: (opener) => this.sameGear(opener) });
  }

  get isOpen(): boolean {
    return this.frame.element !== undefined;
  }

  get openSeriesId(): string | undefined {
    return this.isOpen ? this.seriesId : undefined;
  }

  /**
   * Open for a series. With `paneId` (a pane's gear) the dialog offers a picker of that pane's
   * series when there are several. Focus goes back to `opener` on close.
   */
  open(seriesId: string, opener: HTMLElement | null, paneId?: number): void {
    const all = this.host.series();
    const series = all.find((s) => s.id === seriesId);
    if (series === undefined) return;
    this.choices = paneId === undefined ? [] : all.filter((s) => s.paneId === paneId);
    if (this.choices.length < 2) this.choices = [];
    this.controls.clear();
    this.problems.clear();
    this.seriesId = seriesId;
    this.build(series, opener);
    this.focusSelectedTab();
  }

  /** Close; `returnFocus` puts focus back on the gear that opened the dialog. */
  close(returnFocus = true): void {
    if (!this.isOpen) return;
    this.controls.clear();
    this.problems.clear();
    // Pending changes go to Python before focus moves on.
    if (returnFocus) this.host.closed();
    this.frame.close(returnFocus);
  }

  /**
   * Show the chart's values again (after a reset, or a change from elsewhere); `except` is the
   * control being edited, which keeps what the user is typing, as does the focused control (a
   * redraw from Python can arrive mid-typing).
   */
  refresh(except?: string): void {
    const dialog = this.frame.element;
    if (dialog === undefined) return;
    const active = focusedElement(dialog);
    const focused = active instanceof HTMLElement && dialog.contains(active) ? active.dataset["option"] : undefined;
    const series = this.host.series().find((s) => s.id === this.seriesId);
    if (series === undefined) {
      this.close();
      return;
    }
    const values = this.host.values(this.seriesId);
    for (const [name, control] of this.controls) if (name !== except && name !== focused) control.show(values[name]);
    for (const [name, element] of this.problems) showProblem(element, series.inputs?.[name]?.problem ?? null);
  }

  private build(series: EditableSeries, opener: HTMLElement | null): void {
    const doc = this.doc;
    const dialog = this.frame.open(DIALOG_TEST_ID, `${this.prefix}-title`, series.name, opener);
    dialog.dataset["seriesId"] = series.id;
    if (this.choices.length > 0) dialog.append(this.picker(series));

    const tablist = doc.createElement("div");
    tablist.className = "lwc-tabs";
    tablist.setAttribute("role", "tablist");
    tablist.setAttribute("aria-label", "Settings sections");
    tablist.addEventListener("keydown", this.onTabKeydown);
    // Only the panels scroll: title, tabs and the reset button stay in view on a short chart.
    const body = doc.createElement("div");
    body.className = "lwc-settings-body";
    dialog.append(tablist, body);
    const values = this.host.values(series.id);
    for (const tab of TABS) {
      const tabId = `${this.prefix}-tab-${tab}`;
      const panelId = `${this.prefix}-panel-${tab}`;
      const button = this.button(TAB_NAMES[tab], `tab-${tab}`, () => this.select(tab));
      button.id = tabId;
      button.className = "lwc-tab";
      button.setAttribute("role", "tab");
      button.setAttribute("aria-controls", panelId);
      tablist.append(button);
      const panel = doc.createElement("div");
      panel.id = panelId;
      panel.className = "lwc-tab-panel";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tabId);
      panel.dataset["tab"] = tab;
      for (const [name, spec] of optionsOf(series.type).filter(([, s]) => s.tab === tab)) {
        const control = buildControl(doc, `${this.prefix}-option-${name}`, name, spec, (value) => {
          const checked = checkValue(spec, value);
          if ("problem" in checked) return false;
          this.host.change(series.id, { [name]: checked.value });
          // Other options may follow this one (precision → minimum move, line colour → fills).
          this.refresh(name);
          return true;
        });
        control.show(values[name]);
        this.controls.set(name, control);
        panel.append(control.element);
      }
      if (tab === "inputs") for (const [name, spec] of Object.entries(series.inputs ?? {})) panel.append(this.input(series, name, spec, values));
      if (panel.childElementCount === 0) {
        const none = doc.createElement("p");
        none.className = "lwc-empty";
        none.textContent = "No options here for this series type.";
        panel.append(none);
      }
      body.append(panel);
    }

    const foot = doc.createElement("div");
    foot.className = "lwc-settings-foot";
    foot.append(
      this.button("Reset to defaults", "lwcharts-reset", () => {
        this.host.reset(series.id);
        this.refresh();
      }),
    );
    dialog.append(foot);
    this.select(this.tab);
  }

  /**
   * A control for an input of a Python-computed series: a value the declaration takes is recorded
   * like an option, under `input:<name>`; Python re-runs the series' function with it.
   */
  private input(series: EditableSeries, name: string, spec: InputSpec, values: FlatConfig): HTMLElement {
    const key = inputKey(name);
    const control = buildControl(this.doc, `${this.prefix}-input-${name}`, key, asOptionSpec(spec), (value) => {
      const checked = checkInput(spec, value);
      if ("problem" in checked) return false;
      this.host.change(series.id, { [key]: checked.value });
      return true;
    });
    control.show(values[key]);
    this.controls.set(key, control);
    const problem = this.doc.createElement("p");
    problem.className = "lwc-input-problem";
    problem.dataset["testid"] = "lwcharts-input-problem";
    problem.setAttribute("role", "status");
    showProblem(problem, spec.problem);
    this.problems.set(name, problem);
    const wrap = this.doc.createElement("div");
    wrap.className = "lwc-input";
    wrap.append(control.element, problem);
    return wrap;
  }

  private picker(current: EditableSeries): HTMLElement {
    const doc = this.doc;
    const field = doc.createElement("div");
    field.className = "lwc-field lwc-picker";
    const id = `${this.prefix}-series`;
    const label = doc.createElement("label");
    label.htmlFor = id;
    label.textContent = "Series";
    const select = doc.createElement("select");
    select.id = id;
    select.dataset["testid"] = "lwcharts-series-picker";
    for (const s of this.choices) {
      const option = doc.createElement("option");
      option.value = s.id;
      option.textContent = s.name;
      select.append(option);
    }
    select.value = current.id;
    select.addEventListener("change", () => {
      const paneId = this.choices[0]?.paneId;
      this.open(select.value, null, paneId);
      this.frame.element?.querySelector<HTMLSelectElement>("[data-testid=lwcharts-series-picker]")?.focus();
    });
    field.append(label, select);
    return field;
  }

  private button(text: string, testId: string, onClick: () => void): HTMLButtonElement {
    const button = this.doc.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.dataset["testid"] = testId;
    button.addEventListener("click", onClick);
    return button;
  }

  private select(tab: OptionTab): void {
    this.tab = tab;
    const dialog = this.frame.element;
    if (dialog === undefined) return;
    for (const button of dialog.querySelectorAll<HTMLElement>("[role=tab]")) {
      const selected = button.dataset["testid"] === `tab-${tab}`;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    for (const panel of dialog.querySelectorAll<HTMLElement>("[role=tabpanel]")) panel.hidden = panel.dataset["tab"] !== tab;
  }

  private focusSelectedTab(): void {
    this.frame.element?.querySelector<HTMLElement>(`[data-testid=tab-${this.tab}]`)?.focus();
  }

  /** The gear for the same series after the legend was rebuilt under the open dialog. */
  private sameGear(opener: HTMLElement): HTMLElement | undefined {
    return [...this.root.querySelectorAll<HTMLElement>("[data-testid=lwcharts-gear]")].find(
      (gear) => gear.dataset["seriesId"] === opener.dataset["seriesId"] && gear.dataset["gear"] === opener.dataset["gear"],
    );
  }

  /** Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern). */
  private readonly onTabKeydown = (event: KeyboardEvent): void => {
    const index = TABS.indexOf(this.tab);
    const next: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in next)) return;
    event.preventDefault();
    this.select(TABS[(next[event.key] + TABS.length) % TABS.length]);
    this.focusSelectedTab();
  };
}

/** Python's reason for not taking the user's last value (as text, never HTML). */
function showProblem(element: HTMLElement, problem: string | null): void {
  element.textContent = problem ?? "";
  element.hidden = problem === null;
}
