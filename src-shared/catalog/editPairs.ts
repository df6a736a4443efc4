// Edit pairs in the catalog: an edited copy I* (or a follow-up) carries the label edit_of = its original's (or
// baseline's) catalog id, and both sides carry edit_pair = original | edited; a cohort split by edit_pair gives the
// two sides of every pair, and the pair method matches rows through edit_of. Pure: shared by main and the panel.

/** The label on an edited copy naming its original's catalog id. */
export const editOfLabel = 'edit_of';
/** The label saying which side of a pair an item is (`original` | `edited`), for a cohort's two groups. */
export const editPairLabel = 'edit_pair';

/** The cohort groups of the pair method: group a the originals, group b the edited copies. */
export const pairGroups = { groupA: [`${editPairLabel}=original`], groupB: [`${editPairLabel}=edited`] } as const;

export interface LinkedPair {
  original: string;
  edited: string;
}

/** Every linked pair among catalog rows (edited copies whose edit_of names a row present), in row order. */
export function linkedPairs(rows: ReadonlyArray<{ id: string; labels: Readonly<Record<string, string>> }>): LinkedPair[] {
  const ids = new Set(rows.map((r) => r.id));
  return rows.flatMap((r) => {
    const of = r.labels[editOfLabel]?.trim();
    return of && ids.has(of) && r.labels[editPairLabel] === 'edited' ? [{ original: of, edited: r.id }] : [];
  });
}

/** True when a cohort's two groups are the two sides of the linked edit pairs (so its direction method is "pair"). */
export function isPairCohort(groups: ReadonlyArray<{ terms: readonly string[] }>): boolean {
  return groups.length === 2 && groups.every((g) => g.terms.some((t) => t.startsWith(`${editPairLabel}=`)));
}
