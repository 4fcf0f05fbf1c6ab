/**
 * The browser's copy of the saved settings: one localStorage item per (user scope, chart), written
 * on every change so a reload before Python has answered loses nothing. localStorage may be
 * missing, disabled (privacy modes, sandboxed frames) or full: every access is guarded and a
 * failure only costs the local copy, never the chart.
 */

/** The part of the Web Storage API we use, so tests can pass a plain object. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Keys are versioned: a later layout can live beside this one without misreading it. */
export const STORAGE_PREFIX = "lwcharts:v1";

/** `lwcharts:v1:<scope>:<chartId>`; the scope (opaque, from Python) keeps users on a shared browser apart. */
export function storageKey(scope: string, chartId: string): string {
  return `${STORAGE_PREFIX}:${scope}:${chartId}`;
}

/** The page's localStorage, or null where reading the property itself throws (SecurityError). */
export function pageStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored JSON, parsed; undefined when absent, unreadable or not JSON. */
export function readStored(storage: StorageLike | null, key: string): { value: unknown } | { error: string } | undefined {
  if (storage === null) return undefined;
  let text: string | null;
  try {
    text = storage.getItem(key);
  } catch (error) {
    return { error: `cannot read localStorage: ${String(error)}` };
  }
  if (text === null) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: `localStorage item ${key} is not JSON` };
  }
}

/** Returns the error text when the write failed (quota, disabled storage). */
export function writeStored(storage: StorageLike | null, key: string, value: unknown): string | undefined {
  if (storage === null) return "localStorage is not available";
  try {
    storage.setItem(key, JSON.stringify(value));
    return undefined;
  } catch (error) {
    return `cannot write localStorage: ${String(error)}`;
  }
}
