/**
 * The learning utilities in one import: optimizers in generic form, learning-rate schedules, seeded
 * randomness, initialisation, regularisation, the training loop and its data handling, batch
 * normalisation. (`step` and `perceptronStep`, the contract's functions, are exported by
 * reference/index.ts; the notes' constructions by reference/constructions/index.ts.)
 *
 *   import { initNet, train } from 'nn-oracle';
 */
export { OPTIMIZER_SLOTS, initialState, paramsTo, paramsToNumber, stateTo, stateToNumber, stepDecimal, stepIn, updateCoordinate, type ParamsIn, type StateIn } from '../optimizers.js';
export { learningRate, scheduled, withLearningRate, type Schedule } from './schedule.js';
export { createRng, normaliseSeed, rngFromState, type Rng } from './rng.js';
export { INIT_SCHEMES, glorotNormalVariance, glorotUniformLimit, initNet, initWeights, type InitOptions, type InitScheme } from './init.js';
export {
  classificationError,
  crossValidate,
  datasetLoss,
  fitStandardizer,
  kFold,
  leaveOneOut,
  minibatchRanges,
  netParams,
  shuffleTogether,
  standardize,
  takeRows,
  train,
  trainValidationSplit,
  withParams,
  type CvRow,
  type Dataset,
  type EarlyStopping,
  type EpochInfo,
  type Fold,
  type Standardizer,
  type TrainOptions,
  type TrainResult,
} from './train.js';
export {
  batchNormBackward,
  batchNormBackwardIn,
  batchNormForward,
  batchNormForwardIn,
  batchNormParamsIn,
  initBatchNorm,
  type BatchNormBackward,
  type BatchNormForward,
  type BatchNormOptions,
  type BatchNormParams,
} from './batchnorm.js';
export { perceptronPredict } from '../perceptron.js';
