/**
 * Tests that need numpy for the default python3. In CI (CI=true or NN_ORACLE_REQUIRE_NUMPY=1) they
 * always run, so a machine without numpy FAILS them (scripts/install-python.sh installs it); on a
 * developer's machine without numpy they are skipped, and say so, instead of failing for want of a package.
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

export const HAS_NUMPY = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
export const NUMPY_REQUIRED = Boolean(process.env.CI || process.env.NN_ORACLE_REQUIRE_NUMPY);
const run = HAS_NUMPY || NUMPY_REQUIRED;
if (!run) console.warn('numpy is not importable by python3: the numpy tests are skipped (bash scripts/install-python.sh installs it)');

/** `describe` when numpy is there or required, else a visible skip. */
export const describeWithNumpy: typeof describe = (run ? describe : describe.skip) as typeof describe;
/** `it` when numpy is there or required, else a visible skip. */
export const itWithNumpy: typeof it = (run ? it : it.skip) as typeof it;
