// The words a part of the window shows and logs when a render error stopped it (used by PanelBoundary and the e2e harness).

/** The console line a caught render error leaves; the e2e harness fails a test on it, naming the part. */
export const stoppedLogPrefix = 'LatentRad: a panel stopped on a render error';

/** The reason in words: an Error's message, else the thrown value as text. */
export function stoppedReason(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message || thrown.name;
  if (typeof thrown === 'string') return thrown;
  try {
    return JSON.stringify(thrown) ?? String(thrown);
  } catch {
    return String(thrown);
  }
}
