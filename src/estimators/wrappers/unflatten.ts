// SciKeras's `unflatten_params`: compiles a parameter (a class, an instance, a list or an object of them)
// with its routed arguments. A class is instantiated with its routed arguments, an instance is used as
// given, and a non-class that receives arguments is an ArgumentError (SciKeras's TypeError). Imports src/core only.

import { ArgumentError, describe } from '../../core/errors.ts';
import { assertSafeKey, isRecord, toCamel } from '../../core/objects.ts';

/** A constructor: what `unflatten` instantiates. */
export type Constructible = new (...args: unknown[]) => unknown;

/**
 * Whether `v` is a class: a function whose `prototype` is read-only, which holds for `class` syntax and the
 * built-in constructors but not for plain or arrow functions (a loss or build function is never instantiated).
 */
export function isClass(v: unknown): v is Constructible {
  if (typeof v !== 'function') return false;
  const d = Object.getOwnPropertyDescriptor(v, 'prototype');
  return d !== undefined && d.writable === false;
}

/** Keys routed further: '0__monitor' -> '0', 'monitor'. A routed key's segments are camelCase ('min_delta' -> 'minDelta'). */
export function camelKey(key: string): string {
  return key.split('__').map(toCamel).join('__');
}

/** The keys of `params` that route no further (SciKeras: the destination's own arguments). */
export function ownArgs(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (!k.includes('__')) out[k] = v;
  return out;
}

/** The keys of `params` under `dest` (`dest__x` -> `x`), as SciKeras's non-strict route_params. */
export function subArgs(params: Record<string, unknown>, dest: string): Record<string, unknown> {
  const head = `${camelKey(dest)}__`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (k.startsWith(head)) out[k.slice(head.length)] = v;
  return out;
}

export interface UnflattenOptions {
  /** Whether a plain object is one item (a callback object, a loss or metric record) rather than a map of items. */
  isItem?: (v: Record<string, unknown>) => boolean;
  /** Builds an item given by name (an optimizer or loss string) with its keyword arguments. */
  named?: (name: string, kwargs: Record<string, unknown>, where: string) => unknown;
}

/**
 * Compiles `items` with `params` (routed keys with the destination prefix removed, e.g. `{ '0__monitor': 'acc' }`)
 * as SciKeras does: a class gets its own arguments (`monitor`) plus those of an enclosing list or object
 * (`callbacks__minDelta` for every element), the element's own winning; keys that are integers are positional
 * (`callbacks__0__0`), the rest one options object given last (`new C(arg0, arg1, { name })`; no object
 * when there is no keyword argument). Lists and plain objects are compiled element by element (`0`, `name`).
 * `where` names the parameter in errors (`callbacks__0`).
 */
export function unflatten(
  items: unknown,
  params: Record<string, unknown>,
  where: string,
  options: UnflattenOptions = {},
  base: Record<string, unknown> = {},
): unknown {
  if (isClass(items)) {
    const all: Record<string, unknown> = { ...base, ...ownArgs(params) };
    const args: Array<[number, unknown]> = [];
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(all)) {
      assertSafeKey(where, k);
      // A class's arguments are compiled in turn (an argument may itself be a class with routed arguments).
      const value = unflatten(v, subArgs(params, k), `${where}__${k}`);
      if (/^\d/.test(k)) {
        if (!/^\d+$/.test(k))
          throw new ArgumentError(`${where}__${k}: a positional argument is routed by its index alone`);
        args.push([Number(k), value]);
      } else kwargs[k] = value;
    }
    args.sort((a, b) => a[0] - b[0]);
    const positional = args.map(([, v]) => v);
    return Object.keys(kwargs).length > 0 ? new items(...positional, kwargs) : new items(...positional);
  }
  if (Array.isArray(items)) {
    const own = ownArgs(params);
    return items.map((item, i) => unflatten(item, subArgs(params, String(i)), `${where}__${i}`, options, own));
  }
  if (isPlainObject(items) && !(options.isItem?.(items) ?? false)) {
    const own = ownArgs(params);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(items)) {
      assertSafeKey(where, key);
      out[key] = unflatten(item, subArgs(params, key), `${where}__${key}`, options, own);
    }
    return out;
  }
  const kwargs = { ...base, ...ownArgs(params) };
  if (typeof items === 'string' && options.named !== undefined) return options.named(items, kwargs, where);
  if (Object.keys(kwargs).length > 0) {
    throw new ArgumentError(
      `${where}: ${describe(items)} does not accept parameters because it's not a class. ` +
        `However, it received parameters ${Object.keys(kwargs)
          .map((k) => `${where}__${k}`)
          .join(', ')}`,
    );
  }
  return items;
}

/** An object literal (not an instance of a class, an array or a typed array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (!isRecord(v) || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
