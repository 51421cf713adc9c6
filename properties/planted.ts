/**
 * The property suite's planted subject lives with the catalogue of mistakes (mistakes/subject.ts):
 * each of its bugs is a catalogued mistake, by the catalogue's id (the old names are aliases).
 */
export { PLANTED_BUGS, plantedSubject, type PlantedBug } from '../mistakes/subject.js';
