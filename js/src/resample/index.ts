/**
 * Level of detail for long series: the pure engine the chart view wires in (see each module).
 * - `aggregate.ts`: OHLC / last / sum buckets over typed columns, and the lazy `Pyramid` of levels.
 * - `plan.ts`: which rows to show (segments at several factors) and when to re-plan.
 * - `mapping.ts`: displayed rows ↔ full-resolution indices ↔ times, and markers.
 * - `rows.ts`: lightweight-charts rows for one series under a plan, and the chart's time axis.
 * Nothing here touches the DOM or lightweight-charts' API (its types only).
 */
export * from "./aggregate";
export * from "./plan";
export * from "./mapping";
export * from "./rows";
