// The CLI's one number-option parser: ranges read from the API contract, and every command's numeric options
// reach it, so a bad value fails naming the option, the allowed range and the value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { commandRegistrars } from '../../../src-main/cli/commands/index.js';
import { fractionPairOption, numberOption, rangeOf, rangeText } from '../../../src-main/cli/numberOption.js';
import { projectionSettingsSchema } from '../../../src-shared/api/projectionSettings.js';

function program(): Command {
  const root = new Command('latentrad').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} });
  for (const register of commandRegistrars) register(root);
  return root;
}

/** The error a command line fails with before any command body runs. */
async function usageError(args: string[]): Promise<string> {
  try {
    await program().parseAsync(args, { from: 'user' });
  } catch (error) {
    assert.ok(error instanceof CommanderError, String(error));
    return error.message;
  }
  assert.fail(`latentrad ${args.join(' ')} was accepted`);
}

const fractionPair = 'two numbers from 0 to 1 as a,b (e.g. 0.4,0.85)';
const projectionCases = (command: string): Array<[string, string, string, string]> => [
  [command, '--slice', '-1', 'an integer ≥ 0'],
  [command, '--frame', '1.5', 'an integer ≥ 0'],
  [command, '--limit', '0', 'an integer ≥ 1'],
  [command, '--steps', '0', 'an integer from 1 to 100000'],
  [command, '--seed', '-1', 'an integer from 0 to 4294967295'],
  [command, '--batch', '65', 'an integer from 1 to 64'],
  [command, '--lr', '0', 'a number > 0'],
  [command, '--slice-range', '0.5,2', fractionPair],
];

/** [command, option, bad value, the range the error states]: every numeric option of every command. */
const cases: Array<[string, string, string, string]> = [
  ['metrics', '--data-range', '0', 'a number > 0'],
  ['metrics', '--diff-scale', '-1', 'a number > 0'],
  ['metrics', '--diff-percentile', '101', 'a number > 0 and ≤ 100'],
  ['ls', '--limit', '0', 'an integer from 1 to 100000'],
  ['export-image', '--frame', '-1', 'an integer ≥ 0'],
  ['export-image', '--slice', '1.5', 'an integer ≥ 0'],
  ['demo', '--steps', '0', 'an integer from 1 to 1000'],
  ['demo', '--cohort-steps', '1001', 'an integer from 1 to 1000'],
  ['cohort', '--step', '0', 'an integer ≥ 1'],
  ['cohort', '--steps', '100001', 'an integer from 1 to 100000'],
  ['cohort', '--batch', '0', 'an integer from 1 to 64'],
  ['cohort', '--seed', 'x', 'an integer from 0 to 4294967295'],
  ['cohort', '--slice-range', '0.5', fractionPair],
  ['direction', '--threshold', 'abc', 'a number'],
  ['direction', '--quantile', '0.6', 'a number > 0 and ≤ 0.5'],
  ['direction', '--validation', '1', 'a number from 0 to 0.9'],
  ['direction', '--seed', '1.5', 'an integer'],
  ['direction', '--c', '0', 'a number > 0'],
  ['edit', '--seed', '-1', 'an integer from 0 to 4294967295'],
  ['eigen', '--components', '101', 'an integer from 1 to 100'],
  ['encoder train', '--kimg', '0', 'a number > 0 and ≤ 100000'],
  ['encoder train', '--batch', '257', 'an integer from 1 to 256'],
  ['encoder train', '--seed', '-1', 'an integer from 0 to 4294967295'],
  ['encoder train', '--lr', '-0.1', 'a number > 0'],
  ['encoder train', '--holdout', '0.6', 'a number from 0 to 0.5'],
  ['encoder train', '--report-refine', '5001', 'an integer from 0 to 5000'],
  ['encode', '--slice', '-1', 'an integer ≥ 0'],
  ['encode', '--frame', 'first', 'an integer ≥ 0'],
  ['encode', '--limit', '0', 'an integer ≥ 1'],
  ['encode', '--refine', '-1', 'an integer from 0 to 100000'],
  ['generate', '--trunc', '3', 'a number from -2 to 2'],
  ['generate', '--trunc-cutoff', '0', 'an integer ≥ 1'],
  ...projectionCases('project'),
  ...projectionCases('fidelity'),
  ['dataset create', '--res', '100', 'one of 32, 64, 128, 256'],
  ['dataset create', '--slice-range', '1,2', fractionPair],
  ['dataset create', '--min-foreground', '2', 'a number from 0 to 1'],
  ['dataset create', '--step', '0', 'an integer ≥ 1'],
  ['dataset create', '--low-percentile', '-1', 'a number from 0 to 100'],
  ['dataset create', '--high-percentile', '101', 'a number from 0 to 100'],
  ['train', '--res', '48', 'one of 32, 64, 128, 256'],
  ['train', '--kimg', '0', 'a number > 0'],
  ['train', '--batch', '1', 'an integer from 2 to 256'],
  ['train', '--seed', '-1', 'an integer ≥ 0'],
  ['train', '--gamma', '-1', 'a number ≥ 0'],
  ['train', '--channel-base', '0', 'an integer ≥ 1'],
  ['train', '--channel-max', '2.5', 'an integer ≥ 1'],
  ['train', '--mapping-layers', '9', 'an integer from 1 to 8'],
  ['train', '--z-dim', '0', 'an integer ≥ 1'],
  ['train', '--snapshot-kimg', '0', 'a number > 0'],
  ['serve', '--port', '70000', 'an integer from 0 to 65535'],
];

test('a contract field gives the range and the wording: --steps must be an integer from 1 to 100000, got 0', () => {
  assert.deepEqual(rangeOf(projectionSettingsSchema.shape.steps), { integer: true, min: 1, minExclusive: false, max: 100_000, maxExclusive: false });
  assert.throws(() => numberOption('--steps', projectionSettingsSchema.shape.steps)('0'), (e: unknown) => e instanceof InvalidArgumentError && e.message === '--steps must be an integer from 1 to 100000, got 0');
  assert.equal(numberOption('--steps', projectionSettingsSchema.shape.steps)('250'), 250);
});

test('exclusive, one-sided, unbounded and listed ranges read as they are meant, and an empty value says so', () => {
  assert.equal(rangeText(rangeOf(z.number().positive().optional())), 'a number > 0');
  assert.equal(rangeText(rangeOf(z.number().int().positive().nullable().default(null))), 'an integer ≥ 1');
  assert.equal(rangeText(rangeOf(z.number().int().lt(10))), 'an integer ≤ 9');
  assert.equal(rangeText(rangeOf(z.number().int())), 'an integer');
  assert.equal(rangeText({ integer: true, oneOf: [32, 64] }), 'one of 32, 64');
  assert.throws(() => numberOption('--c', z.number().positive())(' '), /--c must be a number > 0, got nothing/);
  assert.throws(() => numberOption('--n', z.number())('Infinity'), /--n must be a number, got Infinity/);
  assert.throws(() => rangeOf(z.string()), /not a number field/);
});

test('--slice-range takes exactly two fractions and names what it got', () => {
  assert.deepEqual(fractionPairOption('--slice-range')('0.4, 0.85'), [0.4, 0.85]);
  for (const bad of ['0.4', '0.4,', '0.4,0.5,0.6', '-0.1,0.5', 'a,b']) {
    assert.throws(() => fractionPairOption('--slice-range')(bad), new RegExp(`--slice-range must be two numbers from 0 to 1 as a,b \\(e\\.g\\. 0\\.4,0\\.85\\), got ${bad.replace(/[.]/g, '\\.')}$`));
  }
});

test('every numeric option of every command fails through the one parser, naming the option, range and value', async () => {
  for (const [command, option, value, range] of cases) {
    const message = await usageError([...command.split(' '), `${option}=${value}`]);
    assert.ok(message.endsWith(`${option} must be ${range}, got ${value}`), `${command} ${option}=${value}: ${message}`);
  }
});

test('a value in range reaches the command as a number', () => {
  const root = program();
  const find = (path: string): Command => path.split(' ').reduce((c, name) => c.commands.find((s) => s.name() === name)!, root);
  const parse = (path: string, flag: string, value: string): unknown => find(path).options.find((o) => o.long === flag)!.parseArg!(value, undefined);
  assert.equal(parse('project', '--steps', '1000'), 1000);
  assert.equal(parse('train', '--res', '64'), 64);
  assert.equal(parse('encoder train', '--holdout', '0.5'), 0.5);
  assert.equal(parse('generate', '--trunc', '-2'), -2);
  assert.deepEqual(parse('dataset create', '--slice-range', '0,1'), [0, 1]);
});
