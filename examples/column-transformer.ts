// The JavaScript data frame through the scikit-learn workflow: records with missing values and categories
// -> ColumnTransformer (impute + scale the numbers, impute + one-hot the categories) -> MLPClassifier, tuned
// by GridSearchCV with grouped cross-validation, then scored on held-out customers.
// Run: npx tsx examples/column-transformer.ts (test/examples/column-transformer.test.ts runs it).
import {
  ColumnTransformer,
  GridSearchCV,
  GroupKFold,
  MLPClassifier,
  OneHotEncoder,
  Rng,
  SimpleImputer,
  StandardScaler,
  accuracyScore,
  classificationReport,
  makePipeline,
  setWarningHandler,
  trainTestSplit,
} from '../src/index.ts';

setWarningHandler(() => {}); // small maxIter on purpose: ConvergenceWarnings are expected

/** One customer: numbers, categories, and gaps (null or a missing key), as data arrives from JSON. */
interface Customer {
  age: number | null;
  monthlySpend: number;
  tenureMonths?: number;
  plan: 'basic' | 'plus' | 'pro' | null;
  city: string;
  region: number;
}

// 500 synthetic customers from a seeded generator: churn is likelier for short tenures, high spend on the
// basic plan and one city; about 10 % of ages and plans and 5 % of tenures are missing.
const rng = new Rng(7);
const cities = ['Paris', 'Lyon', 'Lille', 'Nantes', 'Nice'];
const plans = ['basic', 'plus', 'pro'] as const;
const customers: Customer[] = [];
const churn: string[] = [];
for (let i = 0; i < 500; i++) {
  const tenure = Math.floor(rng.uniform(1, 72));
  const plan = plans[rng.int(3)]!;
  const city = cities[rng.int(cities.length)]!;
  const spend = Math.round((20 + 30 * plans.indexOf(plan) + 15 * rng.normal()) * 100) / 100;
  const age = Math.round(rng.uniform(18, 80));
  const risk =
    1.5 - tenure / 24 + (plan === 'basic' && spend > 25 ? 1 : 0) + (city === 'Lille' ? 0.8 : 0) + 0.4 * rng.normal();
  const c: Customer = {
    age: rng.float() < 0.1 ? null : age,
    monthlySpend: spend,
    plan: rng.float() < 0.1 ? null : plan,
    city,
    region: i % 25,
  };
  if (rng.float() >= 0.05) c.tenureMonths = tenure;
  customers.push(c);
  churn.push(risk > 0 ? 'churn' : 'stay');
}

const [train, test, yTrain, yTest] = trainTestSplit(customers, churn, {
  testSize: 0.25,
  stratify: churn,
  randomState: 0,
});

const prep = new ColumnTransformer({
  transformers: [
    [
      'num',
      makePipeline(new SimpleImputer({ strategy: 'median' }), new StandardScaler()),
      ['age', 'monthlySpend', 'tenureMonths'],
    ],
    [
      'cat',
      makePipeline(new SimpleImputer({ strategy: 'most_frequent' }), new OneHotEncoder({ handleUnknown: 'ignore' })),
      ['plan', 'city'],
    ],
  ],
});
const model = makePipeline(prep, new MLPClassifier({ maxIter: 300, randomState: 0 }));

// Customers of one region stay together in a fold (GroupKFold), so the score is not flattered by neighbours.
const search = new GridSearchCV({
  estimator: model,
  paramGrid: { mlpclassifier__alpha: [1e-4, 1e-1], mlpclassifier__hiddenLayerSizes: [[8], [32, 16]] },
  cv: new GroupKFold({ nSplits: 3 }),
});
search.fit(train, yTrain, { groups: train.map((c) => c.region) });

const best = search.bestEstimator_ as typeof model;
const yPred = best.predict(test) as string[];
console.log(
  `records: ${customers.length} customers, ${customers.filter((c) => c.age === null || c.plan === null || c.tenureMonths === undefined).length} with missing values`,
);
const fitted = best.namedSteps.columntransformer as ColumnTransformer;
console.log(`features after the ColumnTransformer: ${fitted.getFeatureNamesOut().join(', ')}`);
for (let i = 0; i < search.cvResults_.params.length; i++)
  console.log(
    `candidate ${JSON.stringify(search.cvResults_.params[i])}: mean CV accuracy ${(search.cvResults_.meanTestScore[i] as number).toFixed(3)} (rank ${search.cvResults_.rankTestScore[i]})`,
  );
console.log(`best parameters: ${JSON.stringify(search.bestParams_)}, CV accuracy ${search.bestScore_.toFixed(3)}`);
console.log(`held-out accuracy: ${accuracyScore(yTest, yPred).toFixed(3)}`);
console.log(classificationReport(yTest, yPred, { digits: 3 }));
