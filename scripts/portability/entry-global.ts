// Smoke entry for a bare vm context (no console, no module loader): the result is left on globalThis as JSON.
// Bundled with the installed package (harness.ts maps the source-entry imports to it) into one classic script.
import * as lib from '../../src/index.ts';
import { runSmoke } from './smoke.ts';

declare const __IRIS_CSV__: string;

(globalThis as { __smokeResult?: string }).__smokeResult = JSON.stringify(runSmoke(lib, __IRIS_CSV__));
