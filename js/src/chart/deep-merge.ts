/**
 * Deep merge for options objects: the override wins key by key, nested plain objects merge, and
 * anything else (arrays, numbers, null) replaces. Neither input is modified, so palette constants
 * and decoded specs stay shareable.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function deepMerge<T extends object>(base: T, override: PlainObject): T {
  const result: PlainObject = { ...(base as PlainObject) };
  for (const [key, value] of Object.entries(override)) {
    // JSON from Python could carry these; merging them would reach Object.prototype.
    if (key === "__proto__" || key === "constructor" || key === "prototype") continue;
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result as T;
}
