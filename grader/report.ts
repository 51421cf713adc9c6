/**
 * Report formats for one graded submission:
 *   text        a table of checks with ✓/✗, the score, then each failure with its counterexample,
 *               diagnosis and the command that replays it (the default; what a student reads)
 *   json        { score, maxScore, seed, checks: [ { id, status, points, maxPoints, message,
 *               counterexample?, diagnosis? } ], isolation?, conventions?, loadError?, ... }
 *   gradescope  Gradescope's results.json (score, tests[] with name, score, max_score, status, output)
 *   junit       JUnit XML (one testcase per check; failures and errors as such)
 *   html        one self-contained page (grader/report-html.ts)
 *
 * Every format first bounds the report (grader/report-safe.ts: deep, cyclic or huge answers and output
 * are cut with a count) and escapes every text it writes, so nothing a submission answers, throws or
 * prints can forge a line, a check or a score, clear a terminal or break the document. Each part of a
 * report is rendered on its own: a part that fails says so and the rest is still written, and
 * renderReport never throws.
 */
import { encodeJson } from '../contract/protocol.js';
import { fmt, type CheckResult, type GradeReport } from './grade.js';
import { boundReport, escapeControls, guarded, safeJsonText } from './report-safe.js';

export const FORMATS = ['text', 'json', 'gradescope', 'junit', 'html'] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** The message of every check when the submission did not load (the grader sets it; reports group them). */
export const NOT_LOADED_MESSAGE = 'not graded: the submission did not load';

const MARK: Record<CheckResult['status'], string> = { pass: '✓', fail: '✗', error: '✗', timeout: '⏱', missing: '–' };

/** Compact JSON for counterexamples: short arrays on one line, NaN/Infinity as the protocol writes them. */
function compactJson(v: unknown, indent = '    '): string {
  const text = encodeJson(v) ?? 'undefined';
  if (text.length <= 100) return text;
  const walk = (x: unknown, pad: string): string => {
    const flat = encodeJson(x) ?? 'undefined';
    if (flat.length <= 96 - pad.length || x === null || typeof x !== 'object') return flat;
    if (Array.isArray(x)) return `[\n${x.map((e) => pad + '  ' + walk(e, pad + '  ')).join(',\n')}\n${pad}]`;
    return `{\n${Object.entries(x as Record<string, unknown>)
      .map(([k, e]) => `${pad}  ${JSON.stringify(k)}: ${walk(e, pad + '  ')}`)
      .join(',\n')}\n${pad}}`;
  };
  return walk(v, indent);
}

/** `label` followed by a value's JSON, as lines (JSON has no raw newline inside a string, so the split is structural). */
function labelled(label: string, v: unknown): string[] {
  const [first, ...rest] = compactJson(v).split('\n');
  return [`${label}${first}`, ...rest];
}

const partFailed = (what: string, why: string) => `(${what} could not be rendered: ${why})`;

/**
 * The lines that explain one check that did not pass, each already escaped: no element holds a newline
 * or a control character, whatever the submission threw or answered.
 */
function failureText(c: CheckResult): string[] {
  const out: string[] = [];
  out.push(`${MARK[c.status] ?? '✗'} ${c.id} — ${c.status.toUpperCase()}: ${c.message}`);
  out.push(
    ...guarded(
      () => {
        const more: string[] = [];
        if (c.title) more.push(`    checks: ${c.title}`);
        if (c.diagnosis) {
          more.push(`    diagnosis: ${c.diagnosis.title}`);
          more.push(`    fix: ${c.diagnosis.fix}`);
        }
        if (c.convention) more.push(`    this matches a documented convention, not the notes': ${c.convention.text}`);
        const cx = c.counterexample;
        if (cx) {
          more.push(...labelled('    smallest failing input: ', cx.input));
          if (cx.threw !== undefined) more.push(`    it threw: ${cx.threw}`);
          if (cx.firstDifference) {
            const d = cx.firstDifference;
            more.push(`    first difference at ${d.where}: expected ${fmt(d.expected)}, got ${fmt(d.got)}${d.allowed !== undefined ? ` (allowed error ${fmt(d.allowed)})` : ''}`);
          }
          if (cx.expected !== undefined) more.push(...labelled('    expected: ', cx.expected));
          if (cx.got !== undefined) more.push(...labelled('    got:      ', cx.got));
          if (cx.note) more.push(`    note: ${cx.note}`);
        }
        return more;
      },
      (why) => [`    ${partFailed('the details of this check', why)}`],
    ),
  );
  if (c.replay) out.push(`    replay: ${c.replay}`);
  return out.map(escapeControls);
}

/** The lines on the submission as a whole: isolation, conventions and a load failure (unescaped). */
function contextLines(r: GradeReport): string[] {
  const lines: string[] = [];
  if (r.isolation !== undefined) lines.push(`isolation: ${r.isolation}`);
  if (r.conventions && Object.keys(r.conventions).length) {
    // one switch after another, wrapped: two dozen switches do not fit one line
    const items = Object.entries(r.conventions).map(([k, v]) => `${k} = ${v}`);
    let line = 'conventions:';
    for (const [i, item] of items.entries()) {
      const piece = `${item}${i < items.length - 1 ? ',' : ''}`;
      if (line.length + 1 + piece.length > 100 && line.trim() !== 'conventions:') {
        lines.push(line);
        line = '   ';
      }
      line += ` ${piece}`;
    }
    lines.push(line);
  }
  if (r.loadError) {
    lines.push(`the submission did not load: ${r.loadError.message}${r.loadError.location ? ` (at ${r.loadError.location})` : ''}`);
    if (r.loadError.frame) lines.push(`    | ${r.loadError.frame}`);
    lines.push('no check was graded (each scores 0); fix the error above and submit again');
  }
  return lines;
}

/** The checks that need explaining: not passed, and not merely "not graded" because the submission did not load. */
function toExplain(r: GradeReport): CheckResult[] {
  return r.checks.filter((c) => c.status !== 'pass' && !(r.loadError && c.message === NOT_LOADED_MESSAGE));
}

export function renderText(report: GradeReport): string {
  const r = boundReport(report);
  const lines: string[] = [];
  const part = (what: string, render: () => string[]) => lines.push(...guarded(render, (why) => [partFailed(what, why)]));
  part('the header', () => [
    `nn-oracle grade: ${r.submission}`,
    `precision ${r.precision} · scope: ${r.scopeText} · seed ${r.seed} · ${(r.ms / 1000).toFixed(1)} s`,
    ...contextLines(r),
    '',
  ]);
  part('the table of checks', () => {
    const w = Math.max(...r.checks.map((c) => c.id.length), 5);
    return [`    ${'check'.padEnd(w)}  ${'status'.padEnd(7)}  points`, ...r.checks.map((c) => `  ${MARK[c.status]} ${c.id.padEnd(w)}  ${c.status.padEnd(7)}  ${c.points}/${c.maxPoints}`)];
  });
  lines.push('');
  lines.push(`score: ${r.score} / ${r.maxScore}`);
  const bad = toExplain(r);
  if (bad.length) {
    lines.push('');
    lines.push('what went wrong:');
    for (const c of bad) {
      lines.push('');
      part(`check ${c.id}`, () => failureText(c));
    }
  }
  if (r.output.length) {
    part('what the submission printed', () => {
      const shown = r.output.slice(0, 40);
      return [
        '',
        `what the submission printed (${r.output.length} line${r.output.length > 1 ? 's' : ''}; ignored for grading):`,
        ...shown.map((l) => `  | ${l}`),
        ...(r.output.length > 40 ? [`  | … ${r.output.length - 40} more`] : []),
      ];
    });
  }
  if (r.replay) {
    lines.push('');
    lines.push(`replay this run: ${r.replay}`);
  }
  // one escape over every line: a newline inside any element came from data, and is shown as \n
  return lines.map(escapeControls).join('\n') + '\n';
}

export function toJson(report: GradeReport): object {
  const r = boundReport(report);
  return {
    score: r.score,
    maxScore: r.maxScore,
    seed: r.seed,
    submission: r.submission,
    precision: r.precision,
    scope: r.scope,
    scopeText: r.scopeText,
    ms: r.ms,
    ...(r.replay ? { replay: r.replay } : {}),
    ...(r.isolation !== undefined ? { isolation: r.isolation } : {}),
    ...(r.conventions ? { conventions: r.conventions } : {}),
    ...(r.loadError ? { loadError: r.loadError } : {}),
    checks: r.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      points: c.points,
      maxPoints: c.maxPoints,
      message: c.message,
      ...(c.counterexample ? { counterexample: c.counterexample } : {}),
      ...(c.diagnosis ? { diagnosis: c.diagnosis } : {}),
      ...(c.convention ? { convention: c.convention } : {}),
      ...(c.replay ? { replay: c.replay } : {}),
      seed: c.seed,
      runs: c.runs,
      ms: c.ms,
    })),
    output: r.output,
  };
}

/** A report read back from its JSON (what a grade-all worker wrote): every field checked and bounded. */
export function fromJson(j: unknown): GradeReport {
  return boundReport(j as GradeReport);
}

/**
 * Gradescope's autograder results.json (https://gradescope-autograders.readthedocs.io, "Output format").
 * Every text is plain text (output_format "text": Gradescope renders no HTML, Markdown or ANSI in it)
 * and escaped line by line.
 */
export function toGradescope(report: GradeReport): object {
  const r = boundReport(report);
  const head = guarded(
    () => [
      `nn-oracle: ${r.score}/${r.maxScore} (precision ${r.precision}, scope: ${r.scopeText}, seed ${r.seed})`,
      ...contextLines(r),
      ...(r.output.length
        ? [`what the submission printed (${r.output.length} line${r.output.length > 1 ? 's' : ''}; ignored for grading):`, ...r.output.slice(0, 40).map((l) => `  | ${l}`), ...(r.output.length > 40 ? [`  | … ${r.output.length - 40} more`] : [])]
        : []),
    ],
    (why) => [`nn-oracle: ${r.score}/${r.maxScore}`, partFailed('the summary', why)],
  );
  return {
    score: r.score,
    execution_time: Math.round(r.ms / 1000),
    output: head.map(escapeControls).join('\n'),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    stdout_visibility: 'visible',
    tests: r.checks.map((c) => ({
      name: escapeControls(`${c.id}: ${c.title}`),
      number: escapeControls(c.id),
      score: c.points,
      max_score: c.maxPoints,
      status: c.status === 'pass' ? 'passed' : 'failed',
      output: c.status === 'pass' ? escapeControls(c.message) : guarded(() => failureText(c).join('\n'), (why) => escapeControls(`${c.id}: ${c.status}: ${partFailed('the details', why)}`)),
      output_format: 'text',
      visibility: 'visible',
    })),
    ...(r.output.length ? { extra_data: { printed: r.output.map(escapeControls) } } : {}),
  };
}

/** Text for XML element content and attributes: controls escaped visibly, then the five XML escapes. */
export const xml = (s: string) => escapeControls(s).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

function toJunit(report: GradeReport): string {
  const r = boundReport(report);
  const failures = r.checks.filter((c) => c.status === 'fail').length;
  const errors = r.checks.filter((c) => c.status === 'error' || c.status === 'timeout').length;
  const skipped = r.checks.filter((c) => c.status === 'missing').length;
  const cases = r.checks.map((c) => {
    const head = `    <testcase classname="nn-oracle.${xml(c.id.split('.')[0]!)}" name="${xml(c.id)}" time="${(c.ms / 1000).toFixed(3)}">`;
    if (c.status === 'pass') return `${head}</testcase>`;
    if (c.status === 'missing') return `${head}\n      <skipped message="${xml(c.message)}"/>\n    </testcase>`;
    const tag = c.status === 'fail' ? 'failure' : 'error';
    // failureText's lines are escaped already; only the XML escapes remain (the newlines between them are ours)
    const body = guarded(
      () => failureText(c).map(xmlOnly).join('\n'),
      (why) => xml(partFailed('the details', why)),
    );
    return `${head}\n      <${tag} message="${xml(c.message)}" type="${c.status}">${body}</${tag}>\n    </testcase>`;
  });
  const props = [
    `<property name="seed" value="${r.seed}"/>`,
    `<property name="precision" value="${r.precision}"/>`,
    `<property name="score" value="${r.score}/${r.maxScore}"/>`,
    ...(r.isolation !== undefined ? [`<property name="isolation" value="${xml(r.isolation)}"/>`] : []),
    ...Object.entries(r.conventions ?? {}).map(([k, v]) => `<property name="convention ${xml(k)}" value="${xml(v)}"/>`),
    ...(r.loadError ? [`<property name="loadError" value="${xml(r.loadError.message)}"/>`] : []),
  ];
  const time = (r.ms / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nn-oracle" tests="${r.checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${xml(r.submission)}" tests="${r.checks.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}">`,
    `    <properties>${props.join('')}</properties>`,
    ...cases,
    ...(r.output.length ? [`    <system-out>${r.output.map(xml).join('\n')}</system-out>`] : []),
    ...(r.loadError ? [`    <system-err>${contextLines(r).map(xml).join('\n')}</system-err>`] : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const xmlOnly = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

async function renderHtml(r: GradeReport): Promise<string> {
  const { renderHtmlReport } = await import('./report-html.js');
  return renderHtmlReport({ ...(toJson(r) as { score: number; maxScore: number; seed: number; checks: never[] }), submission: r.submission, precision: r.precision });
}

/**
 * The report in one format. Never throws: the report is bounded first, each part is guarded, and if a
 * whole format still fails, a minimal report (score and the status of each check) says why.
 */
export async function renderReport(report: GradeReport, format: ReportFormat): Promise<string> {
  const r = guarded(
    () => boundReport(report),
    () => boundReport({} as GradeReport),
  );
  try {
    switch (format) {
      case 'text':
        return renderText(r);
      case 'json':
        return safeJsonText(encodeJson(toJson(r))) + '\n';
      case 'gradescope':
        return safeJsonText(JSON.stringify(toGradescope(r), null, 2)) + '\n';
      case 'junit':
        return toJunit(r);
      case 'html':
        return await renderHtml(r);
    }
  } catch (e) {
    return minimalReport(r, format, guarded(() => String((e as Error)?.message ?? e), () => 'unknown error'));
  }
  return minimalReport(r, format, `unknown format ${JSON.stringify(format)}`);
}

/** Score and statuses only: what is written when a format fails as a whole. */
function minimalReport(r: GradeReport, format: ReportFormat, why: string): string {
  const note = `the full report could not be rendered: ${why}`;
  const statuses = r.checks.map((c) => `${c.id}: ${c.status} ${c.points}/${c.maxPoints}`);
  return notGradedOr(r.submission, format, { score: r.score, maxScore: r.maxScore, note, statuses });
}

/**
 * The report for a submission that could not be graded at all (grade-all: its worker failed, it ran
 * past the deadline, or the run was interrupted), in every format — so a file exists for every
 * submission and says why.
 */
export function renderNotGraded(submission: string, reason: string, format: ReportFormat): string {
  return notGradedOr(submission, format, { note: `not graded: ${reason}`, statuses: [] });
}

function notGradedOr(submission: string, format: ReportFormat, o: { score?: number; maxScore?: number; note: string; statuses: string[] }): string {
  const name = escapeControls(submission);
  const note = escapeControls(o.note);
  const scored = o.score !== undefined && o.maxScore !== undefined;
  const statuses = o.statuses.map(escapeControls);
  switch (format) {
    case 'json':
      return encodeJson({ submission: name, ...(scored ? { score: o.score, maxScore: o.maxScore } : {}), error: note, checks: statuses }) + '\n';
    case 'gradescope':
      return JSON.stringify({ score: o.score ?? 0, output: [`nn-oracle: ${note}`, ...statuses].join('\n'), output_format: 'text' }, null, 2) + '\n';
    case 'junit':
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="nn-oracle" tests="1" failures="0" errors="1" skipped="0">`,
        `  <testsuite name="${xmlOnly(name)}" tests="1" failures="0" errors="1" skipped="0">`,
        `    <testcase classname="nn-oracle" name="report"><error message="${xmlOnly(note)}" type="error">${statuses.map(xmlOnly).join('\n')}</error></testcase>`,
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n');
    case 'html': {
      const h = (s: string) => xmlOnly(s);
      return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>nn-oracle grading report — ${h(name)}</title></head><body><h1>nn-oracle grading report — ${h(name)}</h1>${scored ? `<p>Score: ${o.score} / ${o.maxScore}</p>` : ''}<p>${h(note)}</p>${statuses.length ? `<pre>${statuses.map(h).join('\n')}</pre>` : ''}</body></html>\n`;
    }
    default:
      return [`nn-oracle grade: ${name}`, ...(scored ? [`score: ${o.score} / ${o.maxScore}`] : []), note, ...statuses.map((s) => `  ${s}`), ''].join('\n');
  }
}
