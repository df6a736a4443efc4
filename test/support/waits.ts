// Waits for async UI state before a test reads it (CI runs e2e beside CPU-heavy tests: a read right after an action
// can see the old state). Each returns what it waited for, so the test still asserts the same thing afterwards.
import type { Locator } from 'playwright-core';

/** The text of the first element of `locator` that matches `pattern`, once there is one (generous timeout). */
export async function textWhen(locator: Locator, pattern: RegExp, timeout = 60_000): Promise<string> {
  const match = locator.filter({ hasText: pattern }).first();
  await match.waitFor({ timeout });
  return match.innerText();
}

/** Polls `read` until `accept` holds or `timeout` ms pass; returns the last value read (the caller asserts on it). */
export async function valueWhen<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeout = 60_000): Promise<T> {
  const end = Date.now() + timeout;
  let value = await read();
  while (!accept(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

/** The text of `locator` once it has stopped changing for `quietMs` (e.g. a measurement still updating after a drag). */
export async function stableText(locator: Locator, quietMs = 500, timeout = 60_000): Promise<string> {
  const end = Date.now() + timeout;
  let last = await locator.innerText();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await locator.innerText();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
  }
  return last;
}
