#!/usr/bin/env node
/**
 * Transpiles a TypeScript submission (types erased, nothing checked: a type error is the student's, not
 * the grader's) INSIDE its sandbox, in its own process: a file that crashes or stalls the compiler stops
 * this process, under the submission's limits, and never the grader.
 *
 *   node transpile.mjs <typescript.js> <folder> <entry.ts>
 *
 * The entry and the TypeScript files it imports (relative imports, followed file by file — a
 * classmate's file beside it is never read) get their .js/.mjs beside them in <folder> (the sandbox's
 * copy of the submission), unless the submission has a file of that name, so relative imports
 * (`./util.js`) keep working; the entry also gets <entry>.nn-oracle-entry.mjs, which is what the module
 * host loads. A package.json marking the output as ES modules is written when the folder has none.
 * Prints nothing on success.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

const [tsPath, folder, entry] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(tsPath);
const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false };

/** The .ts/.mts file a relative import names ('./util.js' → util.ts, './m.mjs' → m.mts, './x' → x.ts). */
function tsFileOf(from, spec) {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = join(dirname(from), spec);
  for (const c of [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, base]) {
    if (/\.m?ts$/.test(c) && !c.endsWith('.d.ts') && c.startsWith(`${folder}/`) && existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

const todo = [entry];
const done = new Set();
while (todo.length > 0) {
  const p = todo.pop();
  if (done.has(p)) continue;
  done.add(p);
  const source = readFileSync(p, 'utf8');
  const js = ts.transpileModule(source, { fileName: basename(p), compilerOptions: options }).outputText;
  const out = p.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');
  if (!existsSync(out)) writeFileSync(out, js);
  if (p === entry) writeFileSync(p.replace(/\.m?ts$/, '.nn-oracle-entry.mjs'), js);
  for (const f of ts.preProcessFile(source, true, true).importedFiles) {
    const next = tsFileOf(p, f.fileName);
    if (next) todo.push(next);
  }
}
if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{"type":"module"}\n');
