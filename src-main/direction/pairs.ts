// Edit pairs from the catalog: an edited copy I* is linked to its original I by the label `edit_of` (the original's
// catalog id, set by `latentrad pair`); in a cohort's index.csv the pair method matches each edited row to the row of
// its original (same item, axis and slice), so I and I* come from linked catalog items, not from paths typed twice.
import type { MethodOutput, MethodParams } from '../../src-shared/api/contract.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { editOfLabel, editPairLabel } from '../../src-shared/catalog/editPairs.js';
import type { AppContext } from '../base/context.js';
import { formatEntityId, resolveRef } from '../catalog/labels.js';
import { listImages, listVolumes } from '../catalog/queries.js';
import type { EntityRef } from '../catalog/rows.js';
import { catalogOf } from '../catalog/service.js';
import type { IndexTable } from './artefacts.js';

export { editOfLabel, editPairLabel };

/** The catalog ids of the edited copies linked to `original` (edit_of = its id). */
function editedCopiesOf(ctx: AppContext, original: EntityRef): string[] {
  const list = original.kind === 'image' ? listImages : listVolumes;
  return list(catalogOf(ctx).db, { where: { [editOfLabel]: formatEntityId(original) }, limit: 100_000, offset: 0 }).rows.map((r) => r.id);
}

function resolvePairSide(ctx: AppContext, ref: string, side: string): EntityRef {
  const found = resolveRef(catalogOf(ctx).store, ref);
  if (!found) throw new ApiError('not_found', `${side} "${ref}": nothing in the catalog matches (entity id, UID or catalogued path); import the file first`);
  if (found.kind !== 'image' && found.kind !== 'volume') throw new ApiError('bad_input', `${side} "${ref}" is a ${found.kind}: an edit pair is two 2D images or two volumes (what a cohort is made of)`);
  return found;
}

/**
 * Links an edited copy (or a follow-up) to its original (or baseline): edit_of on the edited side, edit_pair on both;
 * with `original: null` the edited copy is unlinked. An original left without edited copies loses its edit_pair.
 */
export function linkPair(ctx: AppContext, params: MethodParams<'direction.linkPair'>): MethodOutput<'direction.linkPair'> {
  const { store, db } = catalogOf(ctx);
  const edited = resolvePairSide(ctx, params.edited, 'edited copy');
  const editedId = formatEntityId(edited);
  const before = store.labelsOf(edited.kind, edited.id)[editOfLabel] ?? null;
  let original: EntityRef | null = null;
  if (params.original !== null) {
    original = resolvePairSide(ctx, params.original, 'original');
    const originalId = formatEntityId(original);
    if (originalId === editedId) throw new ApiError('bad_input', `${params.edited}: an item cannot be its own edited copy`);
    if (original.kind !== edited.kind) throw new ApiError('bad_input', `${params.edited} is a ${edited.kind} and ${params.original} a ${original.kind}: both sides of a pair must be the same kind`);
    if (store.labelsOf(original.kind, original.id)[editOfLabel]) throw new ApiError('bad_input', `${params.original} (${originalId}) is itself an edited copy: an item is one side of its pairs only`);
    const copies = editedCopiesOf(ctx, edited);
    if (copies.length > 0) throw new ApiError('bad_input', `${params.edited} (${editedId}) is the original of ${copies.join(', ')}: unlink those first, an item is one side of its pairs only`);
  }
  const originalId = original ? formatEntityId(original) : null;
  db.transaction(() => {
    if (original) store.setLabel(original.kind, original.id, editPairLabel, 'original');
    store.setLabel(edited.kind, edited.id, editPairLabel, originalId ? 'edited' : null);
    store.setLabel(edited.kind, edited.id, editOfLabel, originalId);
    // The previous original keeps its side only while another copy still points at it.
    if (before && before !== originalId) {
      const previous = resolveRef(store, before);
      if (previous && editedCopiesOf(ctx, previous).length === 0) store.setLabel(previous.kind, previous.id, editPairLabel, null);
    }
  })();
  ctx.emit('catalogChanged', { kinds: [edited.kind], reason: `edit pair of ${editedId}` });
  return { edited: editedId, original: originalId, previous: before, labels: store.labelsOf(edited.kind, edited.id) };
}

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
