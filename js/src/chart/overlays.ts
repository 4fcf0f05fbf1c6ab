/**
 * Where the overlays sit over the chart's canvas: the legend inside the plot area, clear of a left
 * price scale's labels; a gear (and the collapse button beside it) at the top right of each pane
 * that holds series, clear of the right price scale. Pure geometry; the view measures the boxes.
 */
import type { PaneGearPlace } from "../settings/ui/gear";

/** Legend distance from the plot area's top-left corner, px. */
export const LEGEND_INSET = 8;
/** Pane gear distance from the pane's top-right corner (inside the price scale), px. */
export const GEAR_INSET = 6;

/** The edges of a box in page pixels, as getBoundingClientRect gives them. */
export interface Edges {
  top: number;
  right: number;
}

/** One pane: its box, and the first series in it (undefined: the pane holds no series). */
export interface PaneOverlay {
  box: Edges | null;
  first: { paneId: number; seriesId: string } | undefined;
}

/** The legend's CSS `left`, px. */
export function legendLeft(leftScaleWidth: number): number {
  return leftScaleWidth + LEGEND_INSET;
}

/** A gear per pane that holds series and is laid out, in px from the root's top and right edges. */
export function paneGearPlaces(root: Edges, panes: readonly PaneOverlay[], rightScaleWidth: number): PaneGearPlace[] {
  const places: PaneGearPlace[] = [];
  for (const { box, first } of panes) {
    if (box === null || first === undefined) continue;
    places.push({
      paneId: first.paneId,
      seriesId: first.seriesId,
      top: box.top - root.top + GEAR_INSET,
      right: root.right - box.right + rightScaleWidth + GEAR_INSET,
    });
  }
  return places;
}
