// Types only: what estimators predict, the y their fit takes for it, and what a Pipeline or a search
// predicts through its final estimator, so predictions pass to the metrics and tools as they are.
// Imports nothing at run time.

import type { Tensor } from '../../tensor/tensor.ts';
import type { Label, NumericTypedArray } from './multiclass.ts';

/** What a classifier predicts: labels of y's type (a 1-D y), or rows of 0/1 (a multilabel y). */
export type ClassifierOutput = Label[] | number[][];
/** What a regressor predicts: one number per sample (a 1-D y), or one row per sample (a 2-D y). */
export type RegressorOutput = number[] | number[][];
/** Any estimator's predictions, in the form the metrics take them. */
export type Prediction = Label[] | number[][];

/** A typed array with its shape, or a scijs ndarray. */
export type ArrayWithShape = {
  data: ArrayLike<number>;
  shape: readonly number[];
  stride?: readonly number[];
  offset?: number;
};

/** The element type of an array type. */
export type ElementOf<P> = P extends readonly (infer L)[] ? L : never;

/**
 * The y that `fit` takes for an estimator predicting P: 1-D forms (an array of labels or numbers, a typed
 * array) for P = L[], 2-D forms (rows) for P = number[][]; a Tensor or a typed array with a shape for either.
 */
export type TargetFor<P> = P extends number[][]
  ? readonly (readonly number[])[] | readonly (readonly boolean[])[] | Tensor | ArrayWithShape
  : P extends readonly (infer L)[]
    ? readonly L[] | (number extends L ? NumericTypedArray : never) | Tensor | ArrayWithShape
    : never;

/**
 * The y that a scikit-learn MLP's `fit` takes for predictions P: TargetFor<P>, and for a 1-D P also a column
 * vector written as one-element rows (`[[0], [1]]`), which the MLPs flatten (with scikit-learn's
 * DataConversionWarning) and predict 1-D.
 */
export type MLPTargetFor<P> = TargetFor<P> | (P extends number[][] ? never : readonly (readonly [ElementOf<P>])[]);

/** A classifier's `classes_` for predictions P: the labels (1-D y), or the column indices (multilabel y). */
export type ClassesOf<P> = P extends number[][] ? number[] : ElementOf<P>[];

/**
 * What `predict` of an estimator E returns: its own declared type where E declares one, else any
 * estimator's predictions (a type every metric takes).
 */
export type PredictionOf<E> = E extends { predict(X: never): infer R }
  ? unknown extends R
    ? Prediction
    : R
  : Prediction;

/** `classes_` of an estimator E where it declares them, else labels. */
export type ClassesOfEstimator<E> = E extends { classes_: infer C } ? C : Label[];
