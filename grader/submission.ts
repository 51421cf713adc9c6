/**
 * Grading one submission, assembled: the sandboxed process subject (runner/), the engine over the
 * grading checks (grade.ts), and its disposal — whatever the submission does, the process tree is gone
 * when this returns. The CLI (`grade`, `grade-all`'s workers) and tests call this; nothing here prints.
 */
import { createProcessSubject, type ProcessSpec } from '../runner/process.js';
import { gradeSubject, type GradeOptions, type GradeReport } from './grade.js';

export async function gradeSubmission(spec: ProcessSpec, opts: GradeOptions): Promise<GradeReport> {
  const subject = await createProcessSubject(spec);
  let report: GradeReport;
  try {
    report = await gradeSubject(subject, opts);
  } finally {
    await subject.dispose();
  }
  // what it printed last is read to the end once it is gone: the report takes the output afterwards
  return { ...report, output: subject.output() };
}
