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

  /**
   * @param kind what the classes are ('layer'), for messages
   * @param registerName the public function that registers them ('registerLayer'), for messages
   * @param base the class every registered class extends
   */
  constructor(
    private readonly kind: string,
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
    const own = Object.prototype.hasOwnProperty.call(cls, 'className');
    if (!own || typeof cls.className !== 'string' || cls.className === '') {
      throw new ValueError(
        `${where}: the ${this.kind} class needs its own static className (e.g. static className = 'MyClass'), the name its JSON is saved under`,
      );
    }
    if (typeof cls.fromConfig !== 'function')
      throw new ValueError(`${where}: ${cls.className} needs a static fromConfig(config)`);
    const key = canonicalName(cls.className);
    const taken = this.byKey.get(key);
    if (taken !== undefined && taken !== cls) {
      throw new ValueError(
        `${where}: the className '${cls.className}' is already registered to another ${this.kind} class ('${taken.className}'); give this class a different static className`,
      );
    }
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

  /** The error for a className nothing is registered under. */
  unknown(name: unknown, prefix: string): ValueError {
    return new ValueError(
      `${prefix} ${describe(name)}. Valid: ${this.names().join(', ')}; a custom ${this.kind} class is found once registered with ${this.registerName}(Class)`,
    );
  }
}
