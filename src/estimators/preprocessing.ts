// Preprocessing: StandardScaler, MinMaxScaler, OneHotEncoder, LabelEncoder (scikit-learn names and
// semantics). Re-exports only: preprocessing/transformer.ts, scalers.ts, categorical.ts.
export { BaseTransformer, type Cell, type CellsX } from './preprocessing/transformer.ts';
export { MinMaxScaler, type MinMaxScalerParams, StandardScaler, type StandardScalerParams } from './preprocessing/scalers.ts';
export { LabelEncoder, OneHotEncoder, type OneHotEncoderParams } from './preprocessing/categorical.ts';
