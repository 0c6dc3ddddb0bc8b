// Preprocessing: scalers, encoders, the imputer, polynomial and function transformers (scikit-learn names
// and semantics). Re-exports only.
export { BaseTransformer, type Cell, type CellsX, type TableX } from './transformer.ts';
export { MinMaxScaler, type MinMaxScalerParams, StandardScaler, type StandardScalerParams } from './scalers.ts';
export { RobustScaler, type RobustScalerParams } from './robust-scaler.ts';
export { MaxAbsScaler } from './max-abs-scaler.ts';
export { Normalizer, type NormalizerParams } from './normalizer.ts';
export { LabelEncoder, OneHotEncoder, type CategoricalX, type OneHotEncoderParams } from './categorical.ts';
export { OrdinalEncoder, type OrdinalEncoderParams } from './ordinal-encoder.ts';
export { SimpleImputer, type ImputerX, type SimpleImputerParams } from './imputer.ts';
export { PolynomialFeatures, type PolynomialFeaturesParams } from './polynomial-features.ts';
export { FunctionTransformer, type FunctionTransformerParams, type TransformFn } from './function-transformer.ts';
