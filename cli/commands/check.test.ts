import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

// The CLI runs from dist/ (npm test builds first: "pretest"); build here if it is missing.
beforeAll(() => {
  if (!existsSync('dist/cli/main.js')) spawnSync('npm', ['run', 'build'], { stdio: 'ignore' });
});

function check(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli/main.js', 'check', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('nn-oracle check', () => {
  it('runs chosen properties and prints JSON with subject, seed and results', () => {
    const r = check('--property', 'xor.relu-network,fact.kink-conventions', '--seed', '5', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.subject).toBe('reference');
    expect(out.seed).toBe(5);
    expect(out.results.map((x: { property: string; status: string }) => [x.property, x.status])).toEqual([
      ['xor.relu-network', 'pass'],
      ['fact.kink-conventions', 'pass'],
    ]);
    expect(out.results[0].runs).toBeGreaterThan(0);
    expect(typeof out.results[0].ms).toBe('number');
  });

  it('accepts a negative --seed (any 32-bit integer) written as "--seed -5"', () => {
    const r = check('--property', 'fact.kink-conventions', '--seed', '-5', '--runs', '2', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).seed).toBe(-5);
  });

  it('prints a table with the concept, runs, status, time and the seed', () => {
    const r = check('--subject', 'scalar', '--property', 'fact.tanh-derivative', '--seed', '7', '--runs', '20');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/seed: 7/);
    expect(r.stdout).toMatch(/property\s+concept \(notes\)\s+runs\s+status\s+time/);
    expect(r.stdout).toMatch(/fact\.tanh-derivative\s+tanh′ = 1 − tanh².*\s20\s+PASS\s+\d+ ms/);
  });

  it('exits 1 on a failure, prints the shrunk counterexample and a replay command that reproduces it', () => {
    const r = check('--subject', 'planted:bp3-sum', '--property', 'bp.bp3', '--seed', '9', '--format', 'json');
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout).results[0];
    expect(res.status).toBe('fail');
    expect(res.counterexample.net.layers).toHaveLength(1);
    expect(res.replay).toMatch(/^nn-oracle check --subject planted:bp3-sum --property bp\.bp3 --seed 9 --path \S+$/);
    const replayArgs = res.replay.split(' ').slice(2);
    const again = check(...replayArgs, '--format', 'json');
    expect(again.code).toBe(1);
    const res2 = JSON.parse(again.stdout).results[0];
    expect(res2.counterexample).toEqual(res.counterexample);
    expect(res2.message).toBe(res.message);
  });

  it('text failure report names what differed and how to replay', () => {
    const r = check('--subject', 'planted:relu-grad-at-0-is-1', '--property', 'fact.kink-conventions', '--seed', '3');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL fact\.kink-conventions/);
    expect(r.stdout).toMatch(/relu′\(0\).*expected 0, got 1/);
    expect(r.stdout).toMatch(/counterexample \(shrunk in \d+ steps\): \{"name":"relu","z":\[0\]\}/);
    expect(r.stdout).toMatch(/replay: nn-oracle check --subject planted:relu-grad-at-0-is-1 --property fact\.kink-conventions --seed 3 --path/);
  });

  it('unknown subject, property or bad option: exit 2 with a message naming the known ones', () => {
    const s = check('--subject', 'nope');
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown subject "nope".*reference, scalar, decimal/);
    const p = check('--property', 'bp.bp9');
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/unknown property "bp\.bp9".*bp\.bp1/);
    expect(check('--runs', 'many').code).toBe(2);
    const neg = check('--runs', '-1');
    expect(neg.code).toBe(2);
    expect(neg.stderr).toMatch(/--runs: expected an integer from 1 to 100000.*got "-1"/);
    // one validation for every command: --runs 0 is refused by check as by grade
    expect(check("--runs", "0").code).toBe(2);
    expect(check('--frobnicate').code).toBe(2);
    expect(check('--path', '0:1').code).toBe(2);
    expect(check('--property', ',').stderr).toMatch(/--property: expected one or more names/);
    const path = check('--property', 'bp.bp1', '--seed', '1', '--path', 'garbage');
    expect(path.code).toBe(2);
    expect(path.stderr).toMatch(/--path: expected the path printed with a failure/);
  });
});
