// Edit pairs from the catalog: an edited copy I* is linked to its original I by the label `edit_of` (the original's
// catalog id, set by `latentrad pair`); in a cohort's index.csv the pair method matches each edited row to the row of
// its original (same item, axis and slice), so I and I* come from linked catalog items, not from paths typed twice.
import { ApiError } from '../../src-shared/api/errors.js';
import type { IndexTable } from './artefacts.js';

/** The label on an edited copy naming its original's catalog id. */
export const editOfLabel = 'edit_of';
/** The label saying which side of a pair an item is (`original` | `edited`), for a cohort's two groups. */
export const editPairLabel = 'edit_pair';

/** Row pairs (original row, edited row) of a latent set's index, in edited-row order. */
export function pairRows(index: IndexTable): { originals: number[]; edited: number[]; unmatched: string[] } {
  const editOf = index.column(editOfLabel);
  const item = index.column('item');
  if (!editOf || !item) {
    throw new ApiError('bad_input', `${index.path}: no "${editOfLabel}" column: link each edited copy to its original first (latentrad pair EDITED --original ORIGINAL), then make the cohort of both (--group-a ${editPairLabel}=original --group-b ${editPairLabel}=edited)`);
  }
  const axis = index.column('axis') ?? [];
  const slice = index.column('slice') ?? [];
  const key = (r: number, id: string): string => `${id}|${axis[r] ?? ''}|${slice[r] ?? ''}`;
  const rowOf = new Map<string, number>();
  item.forEach((id, r) => rowOf.set(key(r, id), r));
  const originals: number[] = [];
  const edited: number[] = [];
  const unmatched: string[] = [];
  editOf.forEach((of, r) => {
    if (of.trim() === '') return;
    const o = rowOf.get(key(r, of.trim()));
    if (o === undefined) unmatched.push(`${item[r]} (original ${of})`);
    else {
      originals.push(o);
      edited.push(r);
    }
  });
  if (edited.length === 0) throw new ApiError('bad_input', `${index.path}: no edited row has its original in the latent set${unmatched.length ? ` (${unmatched.slice(0, 3).join(', ')} are missing their originals)` : ''}; the cohort must hold both sides of each pair`);
  return { originals, edited, unmatched };
}
