/**
 * The learning pack: optimizers and the decreasing learning rate, initialisation, threshold
 * units and perceptrons, batch normalisation, the notes' theory as constructions, and training
 * (including the foundation's `xor.trained-mlp`). Registered in properties/index.ts with one spread.
 */
import { batchNormProperties } from './batchnorm.js';
import { initProperties } from './init.js';
import { optimizerProperties } from './optimizers.js';
import { perceptronProperties } from './perceptron.js';
import { regularizationProperties } from './regularization.js';
import { theoryProperties } from './theory.js';
import { trainingProperties } from './training.js';
import type { Property } from './types.js';

export const learningProperties: Property[] = [
  ...optimizerProperties,
  ...initProperties,
  ...perceptronProperties,
  ...batchNormProperties,
  ...regularizationProperties,
  ...theoryProperties,
  ...trainingProperties,
];
