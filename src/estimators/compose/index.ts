// Public surface of scikeras-ts's compose module: ColumnTransformer and makeColumnTransformer.
export {
  ColumnTransformer,
  makeColumnTransformer,
  type ColumnTransformerParams,
  type ColumnTransformerStep,
  type ColumnTransformerX,
  type TransformerEntry,
} from './column-transformer.ts';
export { type ColumnSpec } from './column-selection.ts';
export { type ColumnsData, type Records, type TableRecord } from '../utils/tabular.ts';
