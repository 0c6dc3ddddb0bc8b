// Open class registries for model JSON, as tfjs-layers' serialization.registerClass and Keras'
// register_keras_serializable: a class joins under its static className and is rebuilt by its static
// fromConfig, so user layers and optimizers load without editing a switch. Imports core only.

import { ValueError, describe } from '../core/errors.ts';
import { canonicalName } from '../core/objects.ts';

/** What a class needs to be saved in and loaded from JSON. */
export interface SerializableClass<T> {
  /** The name written to JSON; resolved in either spelling ('Dense', 'dense'). */
  readonly className: string;
  /** Rebuilds an instance from its `getConfig()` output. */
  fromConfig(config: Record<string, unknown>): T;
  readonly prototype: T;
}

/** The static `className` of an object's class: the built-in layers and optimizers report it as their own. */
export function staticClassName(instance: object): string {
  return String((instance.constructor as { readonly className?: unknown }).className);
}

/** Classes of one kind by canonical className. Built-ins are listed by the module that owns the kind. */
export class ClassRegistry<C extends SerializableClass<object>> {
  private readonly byKey = new Map<string, C>();

  /** `registerName` is the public function messages point to; every class must extend `base`. */
  constructor(
    private readonly registerName: string,
    private readonly base: abstract new (...args: never[]) => object,
    builtIns: readonly C[],
  ) {
    for (const cls of builtIns) this.register(cls);
  }

  /** Adds `cls` under its own static className; registering the same class again does nothing. */
  register(cls: C): void {
    const where = this.registerName;
    const value: unknown = cls;
    if (typeof value !== 'function' || !(value.prototype instanceof this.base)) {
      throw new ValueError(`${where}: expected a subclass of ${this.base.name}, got ${describe(cls)}`);
    }
    // An inherited className would file the class under its parent's name.
    const name = Object.prototype.hasOwnProperty.call(cls, 'className') ? cls.className : undefined;
    if (typeof name !== 'string' || name === '')
      throw new ValueError(`${where}: the class needs its own static className`);
    const key = canonicalName(name);
    const taken = this.byKey.get(key);
    if (taken !== undefined && taken !== cls)
      throw new ValueError(`${where}: the className '${name}' is taken by another class`);
    this.byKey.set(key, cls);
  }

  /** The class registered under `name` (either spelling), or undefined. */
  find(name: unknown): C | undefined {
    return typeof name === 'string' ? this.byKey.get(canonicalName(name)) : undefined;
  }

  /** Registered classNames, in registration order. */
  names(): string[] {
    return Array.from(this.byKey.values(), (c) => c.className);
  }

  /** The error for a className nothing is registered under: `head`, then the valid names and the way to add one. */
  unknown(head: string, names: readonly string[] = this.names()): ValueError {
    return new ValueError(`${head} ${names.join(', ')}, or a class given to ${this.registerName}`);
  }
}
