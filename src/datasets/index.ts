// Public surface of scikeras-ts/datasets: scikit-learn's toy-data generators (makeClassification,
// makeRegression, makeMoons, makeCircles, makeBlobs) and loaders of its bundled real datasets.
export { type Dataset, type MakeBlobsOptions, type MakeCirclesOptions, type MakeMoonsOptions } from './shapes.ts';
export { makeBlobs, makeCircles, makeMoons } from './shapes.ts';
export { type MakeClassificationOptions, makeClassification } from './classification.ts';
export { type MakeRegressionOptions, makeRegression } from './regression.ts';
export {
  type Bunch,
  type LoadOptions,
  loadBreastCancer,
  loadDiabetes,
  loadDigits,
  loadIris,
  loadWine,
} from './loaders.ts';
