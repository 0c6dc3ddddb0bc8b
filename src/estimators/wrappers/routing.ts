// SciKeras' parameter routing: `prefix__name` keys feed one destination
// (the build function, fit, compile, the optimizer, ...). The name after the
// prefix may be camelCase or snake_case. Imports only nn's name helpers.

import { toCamel } from '../../core/objects.ts';

export const ROUTING_PREFIXES = ['model', 'fit', 'predict', 'compile', 'optimizer', 'loss', 'metrics', 'callbacks', 'score'] as const;
export type RoutingPrefix = (typeof ROUTING_PREFIXES)[number];

export function isRoutingPrefix(p: string): p is RoutingPrefix {
  return (ROUTING_PREFIXES as readonly string[]).includes(p);
}

/**
 * The parameters routed to `prefix`, prefix stripped and names in camelCase.
 * `strict` drops keys that route further (`optimizer__a__b`), as SciKeras does
 * for the model and the optimizer.
 */
export function route(params: Record<string, unknown>, prefix: RoutingPrefix, options: { strict?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const head = `${prefix}__`;
  for (const [k, v] of Object.entries(params)) {
    if (!k.startsWith(head)) continue;
    const rest = k.slice(head.length);
    if (options.strict && rest.includes('__')) continue;
    out[toCamel(rest)] = v;
  }
  return out;
}
