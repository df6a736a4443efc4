// Loads the catalog listings the study browser shows and reloads them when the catalog changes.
import { useCallback, useEffect, useState } from 'react';
import type { ImageRow, PatientRow, SeriesRow, StudyRow, VolumeRow } from '../../src-shared/api/catalog.js';
import { useClient } from '../api/client.js';

export interface CatalogData {
  patients: PatientRow[];
  studies: StudyRow[];
  series: SeriesRow[];
  volumes: VolumeRow[];
  images: ImageRow[];
  /** True when a listing hit its limit (the browser says so rather than silently hiding rows). */
  truncated: boolean;
}

export type CatalogState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: CatalogData };

const limit = 5000;

export function useCatalog(): { state: CatalogState; reload: () => void } {
  const client = useClient();
  const [state, setState] = useState<CatalogState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      client.call('catalog.listPatients', { limit }),
      client.call('catalog.listStudies', { limit }),
      client.call('catalog.listSeries', { limit }),
      client.call('catalog.listVolumes', { limit }),
      client.call('catalog.listImages', { limit: 20_000 }),
    ])
      .then(([patients, studies, series, volumes, images]) => {
        if (cancelled) return;
        const truncated = [patients, studies, series, volumes, images].some((l) => l.total > l.rows.length);
        setState({ status: 'ready', data: { patients: patients.rows, studies: studies.rows, series: series.rows, volumes: volumes.rows, images: images.rows, truncated } });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [client, generation]);

  useEffect(() => {
    // Imports commit in batches: coalesce bursts of change events into one reload.
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = client.on('catalogChanged', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        reload();
      }, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [client, reload]);

  return { state, reload };
}
