// A Worker that detects its backend at module scope, where workerd (unlike during a request) lets the GEMM compile
// from bytes: what the README says about startup. The routes are entry-workerd.ts's.
import { backendInfo } from '../../src/index.ts';
import { smokeWorker } from './entry-workerd.ts';

export default smokeWorker(backendInfo());
