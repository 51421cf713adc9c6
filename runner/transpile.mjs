#!/usr/bin/env node
/**
 * Transpiles a TypeScript submission (types erased, nothing checked: a type error is the student's, not
 * the grader's) INSIDE its sandbox, in its own process: a file that crashes or stalls the compiler stops
 * this process, under the submission's limits, and never the grader.
 *
 *   node transpile.mjs <typescript.js> <folder> <entry.ts>
 *
 * Every .ts/.mts file under <folder> (the sandbox's copy of the submission) gets its .js/.mjs beside it,
 * unless the submission has a file of that name, so relative imports (`./util.js`) keep working; the
 * entry also gets <entry>.nn-oracle-entry.mjs, which is what the module host loads. A package.json
 * marking the output as ES modules is written when the folder has none. Prints nothing on success.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [tsPath, folder, entry] = process.argv.slice(2);
const ts = createRequire(import.meta.url)(tsPath);
const options = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false };

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (name !== 'node_modules') walk(p);
      continue;
    }
    if (!/\.m?ts$/.test(name) || name.endsWith('.d.ts')) continue;
    const js = ts.transpileModule(readFileSync(p, 'utf8'), { fileName: name, compilerOptions: options }).outputText;
    const out = p.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs');
    if (!existsSync(out)) writeFileSync(out, js);
    if (p === entry) writeFileSync(p.replace(/\.m?ts$/, '.nn-oracle-entry.mjs'), js);
  }
}
walk(folder);
if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{"type":"module"}\n');
