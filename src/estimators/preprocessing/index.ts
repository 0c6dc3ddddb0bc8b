// Preprocessing: StandardScaler, MinMaxScaler, OneHotEncoder, LabelEncoder (scikit-learn names and
// semantics). Re-exports only: preprocessing/transformer.ts, scalers.ts, categorical.ts.
export { BaseTransformer, type Cell, type CellsX } from './transformer.ts';
export { MinMaxScaler, type MinMaxScalerParams, StandardScaler, type StandardScalerParams } from './scalers.ts';
export { LabelEncoder, OneHotEncoder, type OneHotEncoderParams } from './categorical.ts';
