// Decoder failures in words: a codec that throws a non-Error ("frame 0: undefined") or fails with JavaScript engine
// text ("Cannot read properties of undefined (reading 'index')") gives a reason a person can act on instead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decoderReason } from '../../../src-main/io/decodeErrors.js';
import { describeParseError } from '../../../src-main/io/dicom.js';

const fallback = 'the image codec failed on damaged compressed data';

test('a codec that throws undefined, null, a number or an empty message gets the fallback reason, never "undefined"', () => {
  for (const thrown of [undefined, null, 0, 42, '', '   ', new Error(''), {}]) {
    const reason = decoderReason(thrown, fallback);
    assert.equal(reason, fallback, `thrown ${String(thrown)}`);
    assert.doesNotMatch(reason, /undefined|null|\[object/);
  }
});

test('JavaScript engine text from inside a decoder is replaced by the fallback', () => {
  const engine = [
    new TypeError("Cannot read properties of undefined (reading 'index')"),
    new TypeError("Cannot read properties of undefined (reading 'esize')"),
    new RangeError('Offset is outside the bounds of the DataView'),
    new RangeError('Invalid typed array length: -4'),
    new TypeError('decoder.decode is not a function'),
    new RangeError('Maximum call stack size exceeded'),
    '[object Object]',
  ];
  for (const error of engine) assert.equal(decoderReason(error, fallback), fallback, String(error));
});

test('a reason the decoder gave in words is kept, also from a string or an Emscripten { exception } value', () => {
  assert.equal(decoderReason(new Error('JPEG 2000 frame does not decode'), fallback), 'JPEG 2000 frame does not decode');
  assert.equal(decoderReason('unsupported JPEG process 3', fallback), 'unsupported JPEG process 3');
  assert.equal(decoderReason({ exception: 'bad marker at byte 12' }, fallback), 'bad marker at byte 12');
});

test('a DICOM parse failure says truncated or unreadable, with words instead of engine text', () => {
  assert.equal(describeParseError(new TypeError("Cannot read properties of undefined (reading 'index')")), 'unreadable DICOM (the parser failed on damaged element data)');
  assert.match(describeParseError('dicomParser.readPart10Header: attempt to read past end of buffer'), /^truncated or corrupt DICOM \(/);
  assert.equal(describeParseError(undefined), 'unreadable DICOM (the parser failed on damaged element data)');
});
