// Validation errors read as sentences naming the field ("Resolution is required."), never as zod's
// "expected number, received null"; a message the schema sets itself is kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { fieldName, plainIssueMessage } from '../../../src-shared/api/issueMessages.js';

const form = z.strictObject({
  name: z.string().min(1),
  resolution: z.number().int().min(8).max(1024),
  modality: z.enum(['CT', 'MR']),
  sliceRange: z.tuple([z.number(), z.number()]).optional(),
  entities: z.array(z.string()).min(1),
  minForeground: z.number().gt(0).optional(),
  note: z.string().refine((s) => !s.includes('!'), 'Note may not shout.').optional(),
});
const messages = (input: unknown): string[] => {
  const parsed = form.safeParse(input, { error: plainIssueMessage });
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};
const valid = { name: 'brains', resolution: 64, modality: 'MR', entities: ['volume'] };

test('field paths read as words', () => {
  assert.equal(fieldName(['sliceRange', 0]), 'Slice range (item 1)');
  assert.equal(fieldName('source.where'), 'Source where');
  assert.equal(fieldName([]), 'The request');
});

test('a missing or emptied number field is "required", not "expected number, received null"', () => {
  assert.deepEqual(messages({ ...valid, resolution: null }), ['Resolution is required.']);
  assert.deepEqual(messages({ ...valid, resolution: undefined }), ['Resolution is required.']);
  assert.deepEqual(messages({ ...valid, name: '' }), ['Name is required.']);
});

test('wrong types, ranges, choices and lists become plain sentences naming the field', () => {
  assert.deepEqual(messages({ ...valid, resolution: 'big' }), ['Resolution must be a number.']);
  assert.deepEqual(messages({ ...valid, resolution: 64.5 }), ['Resolution must be a whole number.']);
  assert.deepEqual(messages({ ...valid, resolution: 4 }), ['Resolution must be 8 or more.']);
  assert.deepEqual(messages({ ...valid, resolution: 4096 }), ['Resolution must be 1024 or less.']);
  assert.deepEqual(messages({ ...valid, minForeground: 0 }), ['Min foreground must be more than 0.']);
  assert.deepEqual(messages({ ...valid, modality: 'PET' }), ['Modality must be one of CT, MR.']);
  assert.deepEqual(messages({ ...valid, entities: [] }), ['Entities needs at least one entry.']);
  assert.deepEqual(messages({ ...valid, sliceRange: [1, 'x'] }), ['Slice range (item 2) must be a number.']);
  assert.deepEqual(messages({ ...valid, colour: 'red' }), ['The request has fields this version does not know: colour.']);
});

test('no message keeps zod\'s wording, and a schema\'s own message wins', () => {
  for (const m of messages({ name: 3, resolution: null, modality: 1, entities: 'x' })) assert.doesNotMatch(m, /expected|received|Invalid input/i);
  assert.deepEqual(messages({ ...valid, note: 'hi!' }), ['Note may not shout.']);
});
