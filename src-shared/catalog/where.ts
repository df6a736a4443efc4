// The catalog filter syntax `key=value` (a column such as modality=MR, or a label such as class=PNEUMONIA; `*`
// wildcards), shared by `latentrad ls --where`, `dataset create --where` and the app's New dataset form.

/** `key=value` pairs → a `where` record; throws an Error naming the first pair that is not `key=value`. */
export function parseWhere(pairs: readonly string[]): Record<string, string> {
  const where: Record<string, string> = {};
  for (const raw of pairs) {
    const pair = raw.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`expected key=value, got "${pair}"`);
    where[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return where;
}
