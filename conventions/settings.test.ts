/**
 * The switch table is well formed, and settings are parsed, resolved, described and varied as
 * documented: typed errors name the switch and its allowed values, the command line wins over the
 * rubric, and every single-switch variant differs from its base in exactly one switch.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, UnknownNameError } from '../contract/errors.js';
import { CONTRACT_FUNCTIONS } from '../contract/names.js';
import { PROFILES } from './profiles.js';
import {
  UnknownConventionError,
  checkSettings,
  conventionFlags,
  conventionHint,
  describeConventions,
  differingConventions,
  formatConventions,
  parseConvention,
  parseConventions,
  parseConventionsObject,
  resolveConventions,
  targetsAllowed,
  variants,
} from './settings.js';
import { LIBRARIES, NOTES_SETTINGS, SWITCHES, SWITCH_NAMES, knownValues, librariesUsing, switchDef, type SwitchName } from './switches.js';

const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
};

describe('the switch table', () => {
  it('names are kebab-case; defaults, library values and known values are valid values', () => {
    for (const n of SWITCH_NAMES) {
      const d = switchDef(n);
      expect(n, n).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(d.name).toBe(n);
      expect(d.meaning.length, n).toBeGreaterThan(5);
      expect(d.defaultSource.length, n).toBeGreaterThan(5);
      expect(d.affects.length, n).toBeGreaterThan(0);
      for (const f of d.affects) expect([...CONTRACT_FUNCTIONS, 'cases'], n).toContain(f);
      expect(parseConvention(`${n}=${d.default}`).value, n).toBe(d.default);
      for (const lib of LIBRARIES) {
        const v = d.libraries[lib];
        if (!v) continue;
        expect(parseConvention(`${n}=${v.value}`).value, `${n} ${lib}`).toBe(v.value);
        expect(v.source, `${n} ${lib}`).toMatch(/\S{8}/);
      }
      for (const v of knownValues(n)) expect(parseConvention(`${n}=${v}`).value, `${n}=${v}`).toBe(v);
      if (d.kind === 'enum') {
        expect(d.values, n).toContain(d.default);
        for (const v of d.values) expect(d.valueMeanings[v], `${n}=${v}`).toBeTruthy();
      }
    }
  });

  it('holds at least the switches the notes leave open', () => {
    const required = [
      'relu-grad-at-zero', 'leaky-relu-grad-at-zero', 'elu-grad-at-zero', 'step-at-zero', 'zero-log-zero', 'optimizer-zero-over-zero',
      'mse-form', 'batch-reduction', 'adagrad-eps', 'rmsprop-eps', 'momentum-form', 'leaky-relu-alpha', 'elu-alpha', 'cce-targets',
      'bce-form', 'probability-clip', 'cce-normalize', 'adagrad-initial-accumulator', 'rmsprop-centered', 'adam-eps',
    ];
    for (const r of required) expect(SWITCH_NAMES).toContain(r);
    expect(SWITCHES['mse-form'].values).toEqual(['half-sum', 'mean', 'sum']);
    expect(SWITCHES['momentum-form'].values).toEqual(['notes', 'lr-outside', 'dampened']);
    expect(SWITCHES['optimizer-zero-over-zero'].values).toEqual(['either', 'unchanged', 'nan']);
    expect(NOTES_SETTINGS['optimizer-zero-over-zero']).toBe('either');
  });

  it('the defaults are the notes’ and the contract’s choices', () => {
    expect(NOTES_SETTINGS).toMatchObject({
      'step-at-zero': 'one', 'relu-grad-at-zero': 'zero', 'leaky-relu-grad-at-zero': 'alpha', 'elu-grad-at-zero': 'one',
      'leaky-relu-alpha': 0.01, 'elu-alpha': 1, 'mse-form': 'half-sum', 'bce-form': 'sum', 'batch-reduction': 'mean',
      'zero-log-zero': 'zero', 'probability-clip': 'none', 'cce-targets': 'any', 'momentum-form': 'notes', 'adagrad-eps': 'outside',
      'rmsprop-eps': 'outside', 'adagrad-initial-accumulator': 0, 'adam-eps': 'corrected',
    });
  });

  it('librariesUsing names who uses a value', () => {
    expect(librariesUsing('elu-grad-at-zero', 'alpha')).toEqual(['pytorch', 'keras']);
    expect(librariesUsing('step-at-zero', 'zero')).toEqual(['tfjs']);
    expect(librariesUsing('momentum-form', 'dampened')).toEqual([]);
    expect(knownValues('leaky-relu-alpha')).toEqual([0.01, 0.3, 0.2]);
    expect(knownValues('probability-clip')).toEqual(['none', 1e-7]);
  });
});

describe('parsing NAME=VALUE', () => {
  it('reads enum values, numbers and none', () => {
    expect(parseConvention('elu-grad-at-zero=alpha')).toEqual({ name: 'elu-grad-at-zero', value: 'alpha' });
    expect(parseConvention(' leaky-relu-alpha = 0.2 ')).toEqual({ name: 'leaky-relu-alpha', value: 0.2 });
    expect(parseConvention('probability-clip=none')).toEqual({ name: 'probability-clip', value: 'none' });
    expect(parseConvention('probability-clip=1e-7')).toEqual({ name: 'probability-clip', value: 1e-7 });
  });

  it('an unknown switch is an UnknownNameError that suggests the closest name', () => {
    const e = thrown(() => parseConvention('elu-grad-at-0=alpha'));
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e).toBeInstanceOf(UnknownConventionError);
    expect((e as UnknownConventionError).suggestion).toBe('elu-grad-at-zero');
    expect(e.message).toMatch(/unknown convention "elu-grad-at-0" at --convention; did you mean elu-grad-at-zero\? Expected one of: step-at-zero, perceptron-at-zero, relu-grad-at-zero/);
    expect((thrown(() => parseConvention('momentum=notes')) as UnknownConventionError).suggestion).toBe('momentum-form');
    expect((thrown(() => parseConvention('frobnicate=1')) as UnknownConventionError).suggestion).toBeUndefined();
  });

  it('a bad value is an InvalidArgumentError naming the switch and its allowed values', () => {
    const e = thrown(() => parseConvention('elu-grad-at-zero=alfa'));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe('invalid argument at --convention elu-grad-at-zero: expected one of one, alpha, got "alfa" (did you mean elu-grad-at-zero=alpha?)');
    expect(thrown(() => parseConvention('probability-clip=0.7')).message).toMatch(/probability-clip: expected a number in \[0, 0\.5\), or none, got "0\.7"/);
    expect(thrown(() => parseConvention('leaky-relu-alpha=none')).message).toMatch(/leaky-relu-alpha: expected a number, got "none"/);
    expect(thrown(() => parseConvention('leaky-relu-alpha=')).message).toMatch(/expected a number/);
    expect(thrown(() => parseConvention('adagrad-initial-accumulator=-1'))).toBeInstanceOf(InvalidArgumentError);
  });

  it('a flag without = is an InvalidArgumentError showing the form', () => {
    const e = thrown(() => parseConvention('elu-grad-at-zero'));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toMatch(/expected NAME=VALUE, e\.g\. elu-grad-at-zero=alpha, got "elu-grad-at-zero"/);
  });

  it('repeatable flags and comma lists; a switch given two values is an error', () => {
    expect(parseConventions(['elu-grad-at-zero=alpha', 'mse-form=mean,batch-reduction=sum'])).toEqual([
      { name: 'elu-grad-at-zero', value: 'alpha' },
      { name: 'mse-form', value: 'mean' },
      { name: 'batch-reduction', value: 'sum' },
    ]);
    expect(parseConventions(['mse-form=mean', 'mse-form=mean'])).toHaveLength(1);
    expect(thrown(() => parseConventions(['mse-form=mean', 'mse-form=sum'])).message).toMatch(/mse-form: expected one value per switch, got both mse-form=mean and mse-form=sum/);
    expect(parseConventions(undefined)).toEqual([]);
  });

  it('a rubric’s conventions object: switch values as strings or numbers, and a profile', () => {
    expect(parseConventionsObject({ profile: 'pytorch', 'leaky-relu-alpha': 0.2, 'elu-grad-at-zero': 'one' })).toEqual({
      profile: 'pytorch',
      overrides: [
        { name: 'leaky-relu-alpha', value: 0.2 },
        { name: 'elu-grad-at-zero', value: 'one' },
      ],
    });
    expect(thrown(() => parseConventionsObject({ 'elu-grad-at-zero': 'alfa' })).message).toMatch(/at rubric\.conventions\.elu-grad-at-zero: expected one of one, alpha/);
    expect(thrown(() => parseConventionsObject({ 'elu-grad-at-0': 'alpha' })).message).toMatch(/at rubric\.conventions; did you mean elu-grad-at-zero/);
    expect(thrown(() => parseConventionsObject({ profile: 'torch' }))).toBeInstanceOf(UnknownNameError);
    expect(thrown(() => parseConventionsObject([]))).toBeInstanceOf(InvalidArgumentError);
  });
});

describe('resolving', () => {
  it('profile, then the rubric, then the command line', () => {
    expect(resolveConventions()).toEqual(NOTES_SETTINGS);
    expect(resolveConventions({ profile: 'keras' })).toEqual(PROFILES.keras.settings);
    const s = resolveConventions({ profile: 'pytorch', rubric: { 'elu-grad-at-zero': 'one', 'mse-form': 'sum' }, flags: ['mse-form=half-sum'] });
    expect(s).toEqual({ ...PROFILES.pytorch.settings, 'elu-grad-at-zero': 'one', 'mse-form': 'half-sum' });
    // the rubric's profile applies when the command line names none
    expect(resolveConventions({ rubric: { profile: 'tfjs' } })).toEqual(PROFILES.tfjs.settings);
    expect(resolveConventions({ profile: 'notes', rubric: { profile: 'tfjs' } })).toEqual(NOTES_SETTINGS);
    expect(resolveConventions({ flags: 'elu-grad-at-zero=alpha' })['elu-grad-at-zero']).toBe('alpha');
    expect(() => resolveConventions({ profile: 'torch' })).toThrow(UnknownNameError);
  });

  it('checkSettings validates a complete settings object', () => {
    expect(checkSettings({ ...PROFILES.tfjs.settings })).toEqual(PROFILES.tfjs.settings);
    const partial: Record<string, unknown> = { ...NOTES_SETTINGS };
    delete partial['mse-form'];
    expect(thrown(() => checkSettings(partial)).message).toMatch(/conventions\.mse-form: expected one of half-sum, mean, sum, got nothing/);
  });
});

describe('describing', () => {
  it('lists every switch in table order, marking those that differ from the notes', () => {
    const s = resolveConventions({ flags: ['elu-grad-at-zero=alpha', 'leaky-relu-alpha=0.2'] });
    const lines = describeConventions(s);
    expect(lines.map((l) => l.name)).toEqual(SWITCH_NAMES);
    expect(differingConventions(s).map((l) => l.text)).toEqual(['elu-grad-at-zero=alpha', 'leaky-relu-alpha=0.2']);
    expect(formatConventions(s)).toContain('* elu-grad-at-zero=alpha (notes: one)');
    expect(formatConventions(s)).toContain('  relu-grad-at-zero=zero');
    expect(conventionFlags(s)).toEqual(['--convention elu-grad-at-zero=alpha', '--convention leaky-relu-alpha=0.2']);
    expect(conventionFlags(NOTES_SETTINGS)).toEqual([]);
    // a report's flags reproduce the settings
    expect(resolveConventions({ flags: conventionFlags(PROFILES.keras.settings).map((f) => f.slice('--convention '.length)) })).toEqual(PROFILES.keras.settings);
  });
});

describe('variants', () => {
  it('one per switch and other known value, each differing from its base in that switch only', () => {
    const vs = variants(NOTES_SETTINGS);
    const expectedCount = SWITCH_NAMES.reduce((t, n) => t + knownValues(n).length - 1, 0);
    expect(vs).toHaveLength(expectedCount);
    for (const v of vs) {
      const diff = (Object.keys(v.settings) as SwitchName[]).filter((k) => v.settings[k] !== NOTES_SETTINGS[k]);
      expect(diff, v.flag).toEqual([v.name]);
      expect(v.settings[v.name]).toBe(v.value);
      expect(v.flag).toBe(`--convention ${v.name}=${v.value}`);
    }
    const elu = vs.find((v) => v.name === 'elu-grad-at-zero')!;
    expect(elu.hint).toBe('PyTorch’s and Keras’s convention: --convention elu-grad-at-zero=alpha');
    expect(vs.find((v) => v.name === 'momentum-form' && v.value === 'dampened')!.hint).toBe('the convention momentum-form=dampened: --convention momentum-form=dampened');
    expect(conventionHint('step-at-zero', 'zero')).toBe('TensorFlow.js’s convention: --convention step-at-zero=zero');
  });

  it('filtered by function: only switches that can change it (and the case-domain ones)', () => {
    const names = new Set(variants(NOTES_SETTINGS, 'step').map((v) => v.name));
    expect(names.has('momentum-form')).toBe(true);
    expect(names.has('elu-grad-at-zero')).toBe(false);
    expect(names.has('cce-targets')).toBe(true);
    const grad = new Set(variants(NOTES_SETTINGS, 'activateGrad').map((v) => v.name));
    expect([...grad].sort()).toEqual(['cce-targets', 'elu-alpha', 'elu-grad-at-zero', 'leaky-relu-alpha', 'leaky-relu-grad-at-zero', 'relu-grad-at-zero'].filter((n) => knownValues(n as SwitchName).length > 1 || n === 'cce-targets').sort());
    // from a profile, the notes' value is one of the variants
    expect(variants(PROFILES.pytorch.settings).some((v) => v.name === 'elu-grad-at-zero' && v.value === 'one')).toBe(true);
  });

  it('cce-targets=one-hot allows only one-hot cce targets', () => {
    const oneHot = { ...NOTES_SETTINGS, 'cce-targets': 'one-hot' as const };
    expect(targetsAllowed(oneHot, 'cce', [[0, 1, 0]])).toBe(true);
    expect(targetsAllowed(oneHot, 'cce', [[0.5, 0.5, 0]])).toBe(false);
    expect(targetsAllowed(oneHot, 'mse', [[0.5, 0.5]])).toBe(true);
    expect(targetsAllowed(NOTES_SETTINGS, 'cce', [[0.5, 0.5]])).toBe(true);
  });
});

describe('the docs list every switch as the table has it', () => {
  const read = (f: string) => readFileSync(new URL(`../docs/${f}`, import.meta.url), 'utf8');
  const code = (v: unknown) => '`' + String(v) + '`';
  it('docs/contract.md: each switch with its values and its default, and the undefined-point rule', () => {
    const md = read('contract.md');
    for (const n of SWITCH_NAMES) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${code(n)} |`));
      expect(row, n).toBeDefined();
      const cells = row!.split(' | ');
      const d = switchDef(n);
      expect(cells[2], `${n} default`).toBe(code(d.default));
      if (d.kind === 'enum') for (const v of d.values) expect(cells[1], `${n}=${v}`).toContain(`${code(v)}:`);
    }
    expect(md).toMatch(/### Undefined means accepted/);
    expect(md).toMatch(/optimizer-zero-over-zero=either/);
  });

  it('docs/oracle.md: the profiles table is the profiles’ bundles, and the --convention command is documented', () => {
    const md = read('oracle.md');
    for (const n of SWITCH_NAMES) {
      const row = md.split('\n').find((l) => l.startsWith(`| ${code(n)} |`));
      expect(row, n).toBeDefined();
      const cells = row!.slice(1, -1).split('|').map((c) => c.trim());
      LIBRARIES.forEach((lib, i) => {
        const cell = cells[2 + i]!;
        const v = PROFILES[lib].settings[n];
        const has = switchDef(n).libraries[lib] !== undefined;
        expect(cell, `${n} ${lib}`).toBe(!has ? '—' : v === NOTES_SETTINGS[n] ? '=' : `**${code(v)}**`);
      });
    }
    expect(md).toContain('nn-oracle grade --cmd "python3 s.py" --convention elu-grad-at-zero=alpha');
    expect(md).toMatch(/"conventions": \{"profile": "pytorch"/);
  });
});
