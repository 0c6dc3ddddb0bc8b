// Runs examples/column-transformer.ts as a user would (npx tsx) and checks what it reports: the records
// with gaps go through the ColumnTransformer to scikit-learn's feature names, the grid search ranks its
// four candidates with grouped folds, and the tuned pipeline predicts held-out customers well.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('examples/column-transformer.ts: records -> ColumnTransformer -> MLPClassifier, tuned by GridSearchCV', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/column-transformer.ts'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.is(r.status, 0, r.stderr);
  const out = r.stdout;
  const missing = Number(/records: 500 customers, (\d+) with missing values/.exec(out)?.[1]);
  assert.ok(missing > 50 && missing < 200, `some customers have gaps (${missing})`);
  assert.match(
    out,
    'features after the ColumnTransformer: num__age, num__monthlySpend, num__tenureMonths, cat__plan_basic, ' +
      'cat__plan_plus, cat__plan_pro, cat__city_Lille, cat__city_Lyon, cat__city_Nantes, cat__city_Nice, cat__city_Paris',
  );
  const ranks = [...out.matchAll(/mean CV accuracy ([\d.]+) \(rank (\d)\)/g)].map((m) => Number(m[2]));
  assert.equal(ranks.slice().sort(), [1, 2, 3, 4]);
  const cv = Number(/CV accuracy ([\d.]+)\n/.exec(out)?.[1]);
  const heldOut = Number(/held-out accuracy: ([\d.]+)/.exec(out)?.[1]);
  assert.ok(cv > 0.7, `cross-validated accuracy ${cv}`);
  assert.ok(heldOut > 0.75, `held-out accuracy ${heldOut}`);
  assert.match(out, /churn\s+0\.\d+\s+0\.\d+\s+0\.\d+\s+\d+/);
});

test.run();
