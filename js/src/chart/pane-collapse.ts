/**
 * The seed's pane collapse: a button at the top right of each pane (left of its gear) folds the
 * pane to a thin strip and hides its series; pressing it again restores both. Which panes are
 * collapsed is kept per (user scope, chart) in localStorage beside the saved series settings
 * (settings/storage.ts), so it survives Streamlit reruns, redraws and reloads.
 */
import type { PaneGearPlace } from "../settings/ui/gear";
import { pageStorage, readStored, storageKey, writeStored, type StorageLike } from "../settings/storage";

export const COLLAPSE_TEST_ID = "lwcharts-pane-collapse";
/** Height a collapsed pane keeps, px: room for its button. */
export const COLLAPSED_HEIGHT = 26;
/** Left of the pane gear (18 px wide) with a small gap. */
const GEAR_OFFSET = 22;

/** `lwcharts:v1:<scope>:<chartId>:collapsed-panes` → the collapsed pane ids. */
export function collapseKey(scope: string, chartId: string): string {
  return `${storageKey(scope, chartId)}:collapsed-panes`;
}

/**
 * Stretch factors with the collapsed panes shrunk to about COLLAPSED_HEIGHT px of `height`, the
 * others keeping their share of the rest.
 */
export function collapsedFactors(factors: readonly number[], collapsed: ReadonlySet<number>, height: number): number[] {
  const open = factors.filter((_, i) => !collapsed.has(i));
  if (open.length === 0 || collapsed.size === 0) return [...factors];
  const openSum = open.reduce((a, b) => a + b, 0);
  const openHeight = Math.max(height - COLLAPSED_HEIGHT * collapsed.size, COLLAPSED_HEIGHT);
  const thin = (openSum * COLLAPSED_HEIGHT) / openHeight;
  return factors.map((f, i) => (collapsed.has(i) ? thin : f));
}

export class PaneCollapse {
  readonly element: HTMLDivElement;
  private buttons: HTMLButtonElement[] = [];
  private collapsed = new Set<number>();
  private key: string | undefined;
  private enabled = false;
  private tooltips = true;

  constructor(
    private readonly doc: Document,
    /** Re-apply pane heights and series visibility after a toggle. */
    private readonly onToggle: () => void,
    private readonly storage: StorageLike | null = pageStorage(),
  ) {
    this.element = doc.createElement("div");
    this.element.className = "lwc-pane-gears lwc-pane-collapse";
  }

  /** Take the spec's setting and the chart's stored state (a new chart or user scope may differ). */
  configure(enabled: boolean, showTooltip: boolean, scope: string, chartId: string): void {
    this.enabled = enabled;
    this.tooltips = showTooltip;
    const key = collapseKey(scope, chartId);
    if (key !== this.key) {
      this.key = key;
      const stored = readStored(this.storage, key);
      const ids = stored !== undefined && "value" in stored && Array.isArray(stored.value) ? stored.value : [];
      this.collapsed = new Set(ids.filter((id): id is number => Number.isInteger(id) && (id as number) >= 0));
    }
    if (!enabled) this.place([]);
  }

  /** Whether pane `paneId` is shown collapsed now. */
  isCollapsed(paneId: number): boolean {
    return this.enabled && this.collapsed.has(paneId);
  }

  collapsedPanes(): Set<number> {
    return this.enabled ? new Set(this.collapsed) : new Set();
  }

  toggle(paneId: number): void {
    if (this.collapsed.has(paneId)) this.collapsed.delete(paneId);
    else this.collapsed.add(paneId);
    if (this.key !== undefined) writeStored(this.storage, this.key, [...this.collapsed].sort((a, b) => a - b));
    this.onToggle();
  }

  /** One button per pane with series, beside that pane's gear. A chart with one pane has none. */
  place(places: readonly PaneGearPlace[]): void {
    const shown = this.enabled && places.length > 1 ? places : [];
    while (this.buttons.length > shown.length) this.buttons.pop()?.remove();
    while (this.buttons.length < shown.length) {
      const button = this.doc.createElement("button");
      button.type = "button";
      button.className = "lwc-gear lwc-gear-pane";
      button.dataset["testid"] = COLLAPSE_TEST_ID;
      button.addEventListener("click", (event) => {
        event.stopPropagation();
        this.toggle(Number(button.dataset["paneId"]));
      });
      this.buttons.push(button);
      this.element.append(button);
    }
    shown.forEach((place, i) => {
      const button = this.buttons[i];
      const collapsed = this.collapsed.has(place.paneId);
      const label = `${collapsed ? "Expand" : "Collapse"} pane ${place.paneId + 1}`;
      button.dataset["paneId"] = String(place.paneId);
      button.dataset["collapsed"] = String(collapsed);
      button.setAttribute("aria-label", label);
      button.setAttribute("aria-expanded", String(!collapsed));
      if (this.tooltips) button.title = label;
      else button.removeAttribute("title");
      button.textContent = collapsed ? "+" : "\u2212";
      button.style.top = `${place.top}px`;
      button.style.right = `${place.right + GEAR_OFFSET}px`;
    });
  }
}
