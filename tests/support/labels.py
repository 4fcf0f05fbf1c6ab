"""Are the chart's axis labels fully visible? Read from the drawn pixels, as a user sees them.

lightweight-charts draws the price and time scale labels on canvases. A label is cut in two ways:
- by its own canvas: a price label centred on a tick at the top or bottom of the pane, a time
  label centred on a bar at the left or right end of the time axis. Its glyphs then reach the
  canvas' outer rows (price axis) or columns (time axis): `edges` reports drawn pixels there;
- by the page: the chart wider or taller than the box it sits in (a host element with `overflow:
  hidden`, a scroll container that would need scrolling): `ink` is the box of the pixels that
  differ from the canvas' background (label glyphs, tick marks, last-value boxes) in page
  coordinates, `visible` the viewport cut by every ancestor (across shadow roots) that clips.
Borders and tick marks sit on the inner side of each axis canvas (next to the pane), so the
edge check looks only at the label side: the right 65 % of a price axis, the lower 65 % of the
time axis.
"""

from __future__ import annotations

from typing import TypedDict

from playwright.sync_api import Locator

# Half a CSS pixel: canvas pixels are device pixels, and boxes may land on fractional positions.
TOLERANCE_PX = 0.5


class AxisInk(TypedDict):
    axis: str
    """`price` (a right price scale of a pane) or `time`."""
    ink: dict[str, float]
    """Box of the drawn pixels in page coordinates: left, top, right, bottom."""
    visible: dict[str, float]
    """The part of the page the chart is visible in, same coordinates."""
    edges: list[str]
    """Outer canvas edges with drawn pixels on the label side: `top`/`bottom` of a price axis,
    `left`/`right` of the time axis."""


_AXIS_INK = """(root) => {
  const table = root.querySelector('.tv-lightweight-charts table');
  const rows = Array.from(table.querySelectorAll(':scope > tbody > tr, :scope > tr'));
  // Pane rows hold [left scale, pane, right scale]; the last row holds [stub, time axis, stub].
  const cells = rows.filter((tr) => tr.children.length === 3).map((tr, i, all) =>
    i === all.length - 1 ? ['time', tr.children[1]] : ['price', tr.children[2]]);

  // overflow applies to boxes only: inline and display:contents elements clip nothing; that of
  // <html> and <body> goes to the viewport, which is counted already.
  const clipped = (el) => {
    if (el === document.body || el === document.documentElement) return false;
    const style = getComputedStyle(el);
    if (style.display === 'inline' || style.display === 'contents') return false;
    return ['overflowX', 'overflowY'].some((k) => style[k] !== 'visible');
  };
  let visible = {left: 0, top: 0, right: innerWidth, bottom: innerHeight};
  for (let el = root; el !== null; ) {
    if (el instanceof Element && clipped(el)) {
      const r = el.getBoundingClientRect();
      visible = {
        left: Math.max(visible.left, r.left + el.clientLeft),
        top: Math.max(visible.top, r.top + el.clientTop),
        right: Math.min(visible.right, r.left + el.clientLeft + el.clientWidth),
        bottom: Math.min(visible.bottom, r.top + el.clientTop + el.clientHeight),
      };
    }
    const up = el.parentNode;
    el = up instanceof ShadowRoot ? up.host : (up instanceof Element ? up : null);
  }

  const result = [];
  for (const [axis, cell] of cells) {
    let ink = null;
    const edges = new Set();
    for (const canvas of cell.querySelectorAll('canvas')) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const w = canvas.width, h = canvas.height;
      const color = (x, y) => {
        const i = (y * w + x) * 4;
        return (data[i] << 24) ^ (data[i + 1] << 16) ^ (data[i + 2] << 8) ^ data[i + 3];
      };
      // The background is the colour most pixels have.
      const counts = new Map();
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) counts.set(color(x, y), (counts.get(color(x, y)) ?? 0) + 1);
      }
      const background = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      const drawn = (x, y) => color(x, y) !== background;
      let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          if (!drawn(x, y)) continue;
          x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
        }
      }
      if (x1 < 0) continue;
      if (axis === 'price') {
        for (let x = Math.floor(w * 0.35); x < w; x++) {
          if (drawn(x, 0)) edges.add('top');
          if (drawn(x, h - 1)) edges.add('bottom');
        }
      } else {
        for (let y = Math.floor(h * 0.35); y < h; y++) {
          if (drawn(0, y)) edges.add('left');
          if (drawn(w - 1, y)) edges.add('right');
        }
      }
      const r = canvas.getBoundingClientRect();
      const sx = r.width / w, sy = r.height / h;
      const box = {left: r.left + x0 * sx, top: r.top + y0 * sy,
                   right: r.left + (x1 + 1) * sx, bottom: r.top + (y1 + 1) * sy};
      ink = ink === null ? box : {
        left: Math.min(ink.left, box.left), top: Math.min(ink.top, box.top),
        right: Math.max(ink.right, box.right), bottom: Math.max(ink.bottom, box.bottom),
      };
    }
    if (ink !== null) result.push({axis, ink, visible, edges: [...edges].sort()});
  }
  return result;
}"""


def axis_ink(chart: Locator) -> list[AxisInk]:
    """Per axis with anything drawn: its ink box and the chart's visible box (page pixels)."""
    chart.scroll_into_view_if_needed()
    found: list[AxisInk] = chart.evaluate(_AXIS_INK)
    return found


def clipped_labels(chart: Locator) -> list[str]:
    """What of the axes' ink lies outside the visible part of the page, one line per cut edge;
    empty when every label is fully visible. Fails when no axis has drawn anything."""
    found = axis_ink(chart)
    axes = {entry["axis"] for entry in found}
    assert axes == {"price", "time"}, f"expected drawn price and time axes, found {found}"
    cuts: list[str] = []
    for entry in found:
        ink, visible = entry["ink"], entry["visible"]
        for edge, outside in (
            ("left", visible["left"] - ink["left"]),
            ("top", visible["top"] - ink["top"]),
            ("right", ink["right"] - visible["right"]),
            ("bottom", ink["bottom"] - visible["bottom"]),
        ):
            if outside > TOLERANCE_PX:
                cuts.append(f"{entry['axis']} axis: {outside:.1f}px hidden by the page, {edge}")
        cuts.extend(
            f"{entry['axis']} axis: a label cut by its canvas at the {edge}"
            for edge in entry["edges"]
        )
    return cuts
