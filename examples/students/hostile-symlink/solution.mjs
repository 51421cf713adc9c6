// Hostile on purpose: implements nothing itself; borrowed.mjs is a symbolic link to another solution
// outside this folder (../correct.mjs). Node's permission model checks the path it is given, the
// link's, not where it leads: the file is read and run from a data: URL. The sandbox copies only the
// submission's own files and refuses a link out of its folder: the submission does not load (0/31),
// and the report names the link.
import { readFileSync } from 'node:fs';

const source = readFileSync(new URL('./borrowed.mjs', import.meta.url), 'utf8');
const borrowed = await import('data:text/javascript,' + encodeURIComponent(source));
export const { activate, activateGrad, loss, forward, backward, step, perceptronStep } = borrowed;
