// Electron security guards: navigation, openExternal allow-list, trusted IPC sender frames, denied permissions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appEntryUrl, isAllowedExternal, isAllowedNavigation, isAllowedPermission, isTrustedSender } from '../../../src-main/electron/guards.js';

test('navigation stays inside app://latentrad', () => {
  assert.equal(isAllowedNavigation(appEntryUrl), true);
  assert.equal(isAllowedNavigation('app://latentrad/index.html#/viewer'), true);
  for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'http://latentrad/', 'javascript:alert(1)', 'not a url']) {
    assert.equal(isAllowedNavigation(url), false, url);
  }
});

test('openExternal only for https URLs on the allow-list', () => {
  assert.equal(isAllowedExternal('https://github.com/NVlabs/stylegan2-ada-pytorch'), true);
  for (const url of [
    'http://github.com/',
    'https://evil.example/',
    'https://github.com.evil.example/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://host/share',
    'https://user:pw@github.com/',
    'ms-msdt:/id',
  ]) {
    assert.equal(isAllowedExternal(url), false, url);
  }
});

test('IPC is trusted only from the app top frame', () => {
  assert.equal(isTrustedSender(appEntryUrl, true), true);
  assert.equal(isTrustedSender(appEntryUrl, false), false);
  assert.equal(isTrustedSender('https://evil.example/', true), false);
  assert.equal(isTrustedSender(undefined, true), false);
});

test('every permission request is denied', () => {
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) assert.equal(isAllowedPermission(permission), false);
});
