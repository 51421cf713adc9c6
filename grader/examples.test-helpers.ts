/** Shared by the examples tests: grade one example the way the CLI does (an isolated process). */
import { join } from 'node:path';
import { gradeWith, parseGradeArgs } from '../cli/commands/grade.js';
import * as reference from '../reference/index.js';
import type { GradeReport } from './grade.js';

export const EXAMPLES = join(import.meta.dirname, '..', 'examples', 'students');

export async function gradeExample(args: string[]): Promise<GradeReport> {
  // generous per-call limits: the whole suite runs many processes at once on a small machine
  const o = parseGradeArgs([...(args.includes('--runs') ? [] : ['--runs', '12']), ...(args.includes('--timeout') ? [] : ['--timeout', '10000']), ...args, '--quiet']);
  return gradeWith(o, reference);
}

export const failing = (r: GradeReport) => r.checks.filter((c) => c.status !== 'pass').map((c) => c.id);
export const describeFailures = (r: GradeReport) => r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status} ${c.message} ${c.diagnosis?.id ?? ''}`).join('\n');
