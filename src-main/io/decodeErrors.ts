// Decoder failures in words: third-party codecs sometimes fail with engine text ("Cannot read properties of
// undefined") or throw non-Error values; those become a fixed reason, anything readable is kept.
const engineText = /Cannot (read|set) propert|of undefined|of null|is not a function|is not iterable|is not defined|Offset is outside|outside the bounds|Invalid typed array length|Invalid array length|Maximum call stack|\[object /;

/** The reason a decoder gave, or `fallback` when it gave none a person could act on. */
export function decoderReason(error: unknown, fallback: string): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : ((error as { exception?: unknown })?.exception ?? '');
  if (typeof text !== 'string' || text.trim().length === 0 || engineText.test(text)) return fallback;
  return text;
}
