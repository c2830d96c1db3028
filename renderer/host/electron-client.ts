// TillHost over the Electron preload (`window.tillHost`, exposed by electron/preload.ts).
import { PRELOAD_GLOBAL, type PreloadApi } from '../../hardware/contract/preload-api';
import { CONTRACT_VERSION, type TillHost } from '../../hardware/contract/till-host';
import { createContractClient, type ContractClientOptions } from './contract-client';

/** The preload object if this page runs in the Till Electron shell, else null. */
export function findPreloadApi(scope: object = globalThis): PreloadApi | null {
  const api = (scope as Record<string, unknown>)[PRELOAD_GLOBAL];
  if (typeof api !== 'object' || api === null) return null;
  return api as PreloadApi;
}

export function createElectronTillHost(
  api: PreloadApi,
  options: ContractClientOptions = {},
): TillHost {
  if (api.contractVersion !== CONTRACT_VERSION) {
    // A renderer and a main process from different builds: refuse rather than guess.
    throw new Error(
      `Device host speaks contract ${api.contractVersion}, this page ${CONTRACT_VERSION}: reinstall Till`,
    );
  }
  return createContractClient(
    {
      kind: 'electron',
      call: (name, args) => api[name](args),
      subscribe: (name, listener) =>
        name === 'scannerScan' ? api.onScan(listener) : api.onPrinterStatusChanged(listener),
    },
    options,
  );
}
