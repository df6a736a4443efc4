// The dev proxy adds the token only for the dev page's own requests, so another page cannot use the API through it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devProxyAuth } from '../../../src-main/host/devProxy.js';

const hostUrl = 'http://127.0.0.1:7800';

test('requests from the dev page get the token and the host origin', () => {
  assert.deepEqual(devProxyAuth({ host: 'localhost:5173', origin: 'http://localhost:5173' }, 't0k', hostUrl), { Authorization: 'Bearer t0k', Origin: 'http://127.0.0.1:7800' });
  assert.deepEqual(devProxyAuth({ host: 'localhost:5173', 'sec-fetch-site': 'same-origin' }, 't0k', hostUrl)?.Authorization, 'Bearer t0k');
});

test('requests from any other page, or without origin information, get no token', () => {
  assert.equal(devProxyAuth({ host: 'localhost:5173', origin: 'http://evil.example' }, 't0k', hostUrl), null);
  assert.equal(devProxyAuth({ host: 'localhost:5173', origin: 'http://localhost:5174' }, 't0k', hostUrl), null);
  assert.equal(devProxyAuth({ host: 'localhost:5173', 'sec-fetch-site': 'same-site' }, 't0k', hostUrl), null);
  assert.equal(devProxyAuth({ host: 'localhost:5173' }, 't0k', hostUrl), null);
  assert.equal(devProxyAuth({ host: 'localhost:5173', origin: 'http://localhost:5173' }, undefined, hostUrl), null);
});
