// Reading configuration objects that may come from outside (model JSON,
// user options): only known keys are copied, and prototype keys are refused.
// Imports only the error module.
// Also the one typed-array test every layer uses.

import { ValueError, describe } from './errors.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a typed array of numbers (not a DataView, not BigInt64Array / BigUint64Array, whose elements are bigints). */
export function isTypedArray(v: unknown): v is ArrayLike<number> & ArrayBufferView {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return false;
  const tag = Object.prototype.toString.call(v);
  return tag !== '[object BigInt64Array]' && tag !== '[object BigUint64Array]';
}

/** True for a plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Copies the allowed keys of `obj` into a prototype-free object. Throws on
 * any other key (naming it and `where`), so `__proto__` or `constructor`
 * can never reach an object's prototype.
 */
export function pickKeys(where: string, obj: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (!isRecord(obj)) throw new ValueError(`${where}: expected an object, got ${describe(obj)}`);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (FORBIDDEN.has(key) || !allowed.includes(key)) {
      throw new ValueError(`${where}: unknown key '${key}'. Valid keys: ${allowed.join(', ')}`);
    }
    out[key] = obj[key];
  }
  return out;
}

/** True for a key that would reach an object's prototype (`__proto__`, `constructor`, `prototype`). */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

/** An options argument: null or undefined mean none; anything but a plain object is a ValueError naming `owner`. */
export function optionsOf<T extends object>(owner: string, options: T | null | undefined): T {
  if (options === null || options === undefined) return {} as T;
  if (!isRecord(options)) throw new ValueError(`${owner}: expected an options object, got ${describe(options)}`);
  return options;
}

/** Throws on an option name outside `valid` (a typo would otherwise be silently ignored). */
export function checkOptionNames(owner: string, options: object, valid: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!valid.includes(key))
      throw new ValueError(`${owner}: unknown option '${key}'. Valid options are: ${valid.join(', ')}.`);
  }
}

/** Throws unless every key is present in `obj` (a saved config that lost one must not load with a default). */
export function requireKeys<T extends Record<string, unknown>>(where: string, obj: T, keys: readonly string[]): T {
  for (const key of keys) if (obj[key] === undefined) throw new ValueError(`${where}: the key '${key}' is missing`);
  return obj;
}

/** Throws unless `key` is safe to use as a property name of user-controlled data. */
export function assertSafeKey(where: string, key: string): void {
  if (FORBIDDEN.has(key)) throw new ValueError(`${where}: the key '${key}' is not allowed`);
}

/** Resolves a name in either spelling: 'binary_crossentropy', 'binaryCrossentropy', 'BinaryCrossentropy'. */
export function canonicalName(name: string): string {
  return name.replace(/[_\s-]/g, '').toLowerCase();
}

/** camelCase -> snake_case ('learningRate' -> 'learning_rate'). */
export function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** snake_case -> camelCase ('learning_rate' -> 'learningRate'). */
export function toCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A JSON value given as an object or as JSON text; malformed text is a ValueError naming `where`. */
export function parseJSONText(where: string, json: unknown): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (e) {
    throw new ValueError(`${where}: the text is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}
