/**
 * Crosshair and visible time range shared by the charts of one page that carry the same sync
 * group (`Chart(sync_group=...)`, `lwcharts.sync(a, b)`, the seed's `syncConfig`).
 *
 * The registry is a Map on the page's `window`, so it spans every bundle copy and every host on
 * the page (two anywidget outputs, two Streamlit components in their shadow roots) and nothing
 * else: another tab has its own window, and no BroadcastChannel or storage event links them.
 *
 * Only the chart the user is working with drives the group (the last one the pointer entered or
 * touched), and only user-made crosshair moves travel: that keeps charts from echoing each
 * other's updates back and forth.
 */
import type { IChartApi, IRange, ISeriesApi, LogicalRange, MouseEventParams, SeriesType, Time } from "lightweight-charts";
import type { SyncSpec } from "../wire/spec";

/** What one chart offers its group. */
export interface SyncPeer {
  /**
   * Where setCrosshairPosition puts the crosshair for a peer's `time`: the time of the row that
   * shows it (a resampled chart's bucket holding `time`, whose first bar's time is the row's), the
   * first series and its value there; undefined when no row shows `time`.
   */
  anchor(time: number): { series: ISeriesApi<SeriesType>; price: number; time: number } | undefined;
  /**
   * A peer moved this chart's crosshair to the row of `time` (null: away). lightweight-charts
   * reports no crosshair move for `setCrosshairPosition`, so the legend follows from here.
   */
  crosshairMovedByPeer(time: number | null): void;
  /**
   * The first and last full-resolution bar in view when this chart's rows are buckets (see
   * `Resampler.visibleTimeRange`); null to share lightweight-charts' own visible range.
   */
  visibleTimeRange(): { from: number; to: number } | null;
}

interface Member {
  chart: IChartApi;
  peer: SyncPeer;
  options: SyncSpec;
  /** The time the crosshair is at, set by the user here or by a peer; null when away. */
  crosshairTime: number | null;
}

interface Group {
  members: Set<Member>;
  driver: Member | undefined;
}

const REGISTRY_KEY = "__lwchartsSyncGroups";

/** The page's groups, shared by every copy of the bundle loaded into this window. */
function registry(): Map<string, Group> {
  const holder = globalThis as unknown as Record<string, Map<string, Group> | undefined>;
  return (holder[REGISTRY_KEY] ??= new Map<string, Group>());
}

export class ChartSync {
  private readonly member: Member;
  private group: Group | undefined;
  private groupId: string | undefined;

  constructor(
    chart: IChartApi,
    peer: SyncPeer,
    private readonly root: HTMLElement,
  ) {
    this.member = { chart, peer, options: { group: "", crosshair: false, timeRange: false }, crosshairTime: null };
    chart.subscribeCrosshairMove(this.onCrosshairMove);
    chart.timeScale().subscribeVisibleLogicalRangeChange(this.onRangeChange);
    for (const type of ["pointerenter", "pointerdown", "wheel", "touchstart", "keydown"]) {
      root.addEventListener(type, this.takeLead, { passive: true, capture: true });
    }
  }

  /** Join the spec's group (or leave any group when it has none). */
  join(options: SyncSpec | null): void {
    if (options?.group !== this.groupId) {
      this.leave();
      if (options !== null) {
        const groups = registry();
        const group = groups.get(options.group) ?? { members: new Set<Member>(), driver: undefined };
        groups.set(options.group, group);
        group.members.add(this.member);
        this.group = group;
        this.groupId = options.group;
      }
    }
    if (options !== null) this.member.options = options;
  }

  /** Where this chart's crosshair is (test hook): a time in seconds, or null. */
  crosshairTime(): number | null {
    return this.member.crosshairTime;
  }

  destroy(): void {
    this.leave();
    this.member.chart.unsubscribeCrosshairMove(this.onCrosshairMove);
    this.member.chart.timeScale().unsubscribeVisibleLogicalRangeChange(this.onRangeChange);
    for (const type of ["pointerenter", "pointerdown", "wheel", "touchstart", "keydown"]) {
      this.root.removeEventListener(type, this.takeLead, { capture: true });
    }
  }

  private leave(): void {
    if (this.group === undefined || this.groupId === undefined) return;
    this.group.members.delete(this.member);
    if (this.group.driver === this.member) this.group.driver = undefined;
    if (this.group.members.size === 0) registry().delete(this.groupId);
    this.group = undefined;
    this.groupId = undefined;
  }

  private readonly takeLead = (): void => {
    if (this.group !== undefined) this.group.driver = this.member;
  };

  private peers(): Member[] {
    if (this.group === undefined || this.group.driver !== this.member) return [];
    return [...this.group.members].filter((m) => m !== this.member);
  }

  private readonly onCrosshairMove = (param: MouseEventParams<Time>): void => {
    // Moves made by setCrosshairPosition (a peer driving us) carry no sourceEvent.
    if (param.sourceEvent === undefined && param.point !== undefined) return;
    const time = typeof param.time === "number" ? param.time : null;
    this.member.crosshairTime = time;
    if (!this.member.options.crosshair) return;
    for (const peer of this.peers()) {
      if (!peer.options.crosshair) continue;
      const anchor = time === null ? undefined : peer.peer.anchor(time);
      if (anchor === undefined) {
        peer.chart.clearCrosshairPosition();
        peer.crosshairTime = null;
        peer.peer.crosshairMovedByPeer(null);
      } else {
        peer.chart.setCrosshairPosition(anchor.price, anchor.time as Time, anchor.series);
        peer.crosshairTime = anchor.time;
        peer.peer.crosshairMovedByPeer(anchor.time);
      }
    }
  };

  private readonly onRangeChange = (logical: LogicalRange | null): void => {
    if (logical === null || !this.member.options.timeRange) return;
    const bars = this.member.peer.visibleTimeRange();
    const range: IRange<Time> | null =
      bars === null ? this.member.chart.timeScale().getVisibleRange() : { from: bars.from as Time, to: bars.to as Time };
    if (range === null) return;
    for (const peer of this.peers()) {
      if (!peer.options.timeRange) continue;
      try {
        peer.chart.timeScale().setVisibleRange(range);
      } catch {
        // A peer with no data yet has no time scale to set; it catches up on the next move.
      }
    }
  };
}
