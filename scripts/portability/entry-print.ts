// Smoke entry for Node (ESM and CommonJS builds), Deno and Bun: prints one `SMOKE {json}` line.
// Its source-entry import becomes an external `scikeras-ts` when bundled (harness.ts), so each runtime resolves the installed package.
import * as lib from '../../src/index.ts';
import { runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

// A runtime without a JIT (node --jitless) sets __seedEpochs lower first (node --import).
const epochs = (globalThis as { __seedEpochs?: number }).__seedEpochs ?? SEED_EPOCHS;
console.log(`SMOKE ${JSON.stringify(runSmoke(lib, __IRIS_CSV__, epochs))}`);
