// Loads one API result for a panel, reloads on demand and when given events fire (debounced).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, LatentRadClient } from '../../../src-shared/api/contract.js';
import { useClient } from '../../api/client.js';

export type ApiData<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export function useApiData<T>(load: (client: LatentRadClient) => Promise<T>, reloadOn: readonly EventName[] = []): [ApiData<T>, () => void] {
  const client = useClient();
  const [state, setState] = useState<ApiData<T>>({ status: 'loading' });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    loadRef
      .current(client)
      .then((value) => mine === generation.current && setState({ status: 'ready', value }))
      .catch((error: unknown) => mine === generation.current && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
  }, [client]);

  const events = reloadOn.join(',');
  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Progress events arrive several times a second; one reload per half second is plenty for a list.
    const schedule = (): void => {
      if (timer === null) timer = setTimeout(() => ((timer = null), reload()), 500);
    };
    const offs = (events ? (events.split(',') as EventName[]) : []).map((event) => client.on(event, schedule));
    return () => {
      offs.forEach((off) => off());
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, reload, events]);

  return [state, reload];
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
