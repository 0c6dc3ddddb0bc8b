// Smoke entry for Node (ESM and CommonJS builds), Deno and Bun: prints one `SMOKE {json}` line.
// Its source-entry import becomes an external `scikeras-ts` when bundled (harness.ts), so each runtime resolves the installed package.
import * as lib from '../../src/index.ts';
import { runSmoke, SEED_EPOCHS } from './smoke.ts';

declare const __IRIS_CSV__: string;

console.log(`SMOKE ${JSON.stringify(runSmoke(lib, __IRIS_CSV__, SEED_EPOCHS))}`);
