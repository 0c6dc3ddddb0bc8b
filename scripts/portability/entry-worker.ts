// Smoke entry for a browser module Web Worker: runs at load and posts { ok, result | error } to the page.
// Bundled with the installed package (harness.ts maps the source-entry imports to it); touches no DOM.
import * as lib from '../../src/index.ts';
import { runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

const scope = globalThis as unknown as { postMessage(message: unknown): void };
try {
  scope.postMessage({ ok: true, result: JSON.stringify(runSmoke(lib, __IRIS_CSV__, SEED_EPOCHS)) });
} catch (e) {
  scope.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
}
