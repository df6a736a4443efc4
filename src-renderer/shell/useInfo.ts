// Loads `system.info` once for the shell (status bar, host capabilities).
import { useEffect, useState } from 'react';
import type { Info } from '../../src-shared/api/system.js';
import { useClient } from '../api/client.js';

export type InfoState = { status: 'loading' } | { status: 'ready'; info: Info } | { status: 'error'; message: string };

export function useInfo(): InfoState {
  const client = useClient();
  const [state, setState] = useState<InfoState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    client
      .call('system.info', {})
      .then((info) => live && setState({ status: 'ready', info }))
      .catch((error: unknown) => live && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      live = false;
    };
  }, [client]);
  return state;
}
