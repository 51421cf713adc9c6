#!/usr/bin/env node
/**
 * Writes Gradescope's results.json for run_autograder — the only writer of that file. Runs as root after
 * `nn-oracle grade` (and with it the submission's sandbox) has exited.
 *
 *   node results.mjs finalize <graded.json> <results.json> <grade's exit status> [note] [stderr file]
 *       checks the grader's report (a JSON object with a numeric score and a tests array), puts the
 *       note first in its output, and writes it atomically; anything else becomes a score-0 result
 *       saying the grader could not run (grade's stderr goes to the autograder's log, not to students)
 *   node results.mjs refuse <results.json> <message>
 *       a score-0 result with the message (no submission, an ambiguous one, a grader that could not run)
 *
 * Every text it adds is escaped as the reports escape theirs (grader/report-safe.ts): a file name
 * holding a newline or an ANSI escape shows as \n or \x1b, it cannot start a line of its own.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { escapeControls, safeJsonText } from '../../dist/grader/report-safe.js';

function write(file, result) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, safeJsonText(JSON.stringify(result, null, 2)) + '\n', { mode: 0o644 });
  renameSync(tmp, file);
}

const refusal = (message) => ({ score: 0, output: escapeControls(message), output_format: 'text', stdout_visibility: 'hidden' });

function graded(file) {
  let r;
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { error: `no readable report (${e.code ?? e.message})` };
  }
  if (!r || typeof r !== 'object' || Array.isArray(r)) return { error: 'the report is not a JSON object' };
  if (typeof r.score !== 'number' || !Number.isFinite(r.score)) return { error: 'the report has no numeric score' };
  if (!Array.isArray(r.tests) || r.tests.some((t) => !t || typeof t !== 'object' || typeof t.score !== 'number')) return { error: 'the report has no list of tests' };
  return { result: r };
}

const [command, ...args] = process.argv.slice(2);
if (command === 'refuse') {
  const [out, message] = args;
  write(out, refusal(message ?? 'The submission was not graded.'));
} else if (command === 'finalize') {
  const [input, out, status, note, stderrFile] = args;
  const { result, error } = Number(status) <= 1 ? graded(input) : { error: `the grader exited with status ${status}` };
  if (result) {
    if (note) result.output = [escapeControls(note), result.output ?? ''].filter(Boolean).join('\n');
    write(out, result);
  } else {
    let log = '';
    try {
      log = stderrFile ? readFileSync(stderrFile, 'utf8').slice(-4000) : '';
    } catch {
      /* none */
    }
    // for the instructor: run_autograder's own output is the autograder log
    console.log(`nn-oracle autograder: ${error}${log ? `\n--- nn-oracle grade's stderr ---\n${escapeControls(log).replace(/\\n/g, '\n')}` : ''}`);
    write(out, refusal(`The grader could not grade this submission (${error}). Please tell your instructor; your submission is not at fault.`));
  }
} else {
  console.error('usage: results.mjs finalize <graded.json> <results.json> <status> [note] [stderr file] | refuse <results.json> <message>');
  process.exit(2);
}
