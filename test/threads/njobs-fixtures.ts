// User estimator classes for the nJobs tests, registered with their module (workerModule) so the fit
// workers import this file too: one that says on which thread it was fitted, one that throws in
// workers, one that ends its worker (process.exit) in the middle of a fit.
import { isMainThread, threadId } from 'node:worker_threads';
import { registerEstimator } from '../../src/estimators/base.ts';
import { MLPClassifier } from '../../src/estimators/neural-network/index.ts';
import { warn } from '../../src/core/warnings.ts';
import { ValueError } from '../../src/core/errors.ts';

export class ThreadAwareMLP extends MLPClassifier {
  override fit(X: unknown, y: unknown, options?: Record<string, unknown>): this {
    warn('UserWarning', `fitted on ${isMainThread ? 'the main thread' : `worker thread ${threadId}`}`);
    return super.fit(X as never, y as never, options as never);
  }
}
registerEstimator(ThreadAwareMLP, 'ThreadAwareMLP', { workerModule: import.meta.url });

export class ThrowingMLP extends MLPClassifier {
  override fit(X: unknown, y: unknown, options?: Record<string, unknown>): this {
    if (!isMainThread) throw new ValueError('ThrowingMLP: this fit fails in a worker on purpose');
    return super.fit(X as never, y as never, options as never);
  }
}
registerEstimator(ThrowingMLP, 'ThrowingMLP', { workerModule: import.meta.url });

export class ExitingMLP extends MLPClassifier {
  override fit(X: unknown, y: unknown, options?: Record<string, unknown>): this {
    if (!isMainThread) process.exit(7);
    return super.fit(X as never, y as never, options as never);
  }
}
registerEstimator(ExitingMLP, 'ExitingMLP', { workerModule: import.meta.url });

/** Registered without a workerModule: its fits cannot travel. */
export class LocalMLP extends MLPClassifier {}
registerEstimator(LocalMLP, 'LocalMLP');
