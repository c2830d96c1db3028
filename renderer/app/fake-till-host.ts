// A TillHost for tests of the device wiring: the renderer's own contract client (argument,
// reply and event validation, timeouts) over the contract's host dispatch and the in-memory
// host services, with an in-process call in place of IPC or the bridge socket. It records
// every call, and lets a test make the printer fail or hang like a real one.
import { dispatchByName } from '../../hardware/contract/dispatch';
import {
  createMemoryHostServices,
  type MemoryHostServices,
} from '../../hardware/contract/memory-host-services';
import type { CallName, TillHost } from '../../hardware/contract/till-host';
import { createContractClient } from '../host/contract-client';

export interface FakeTillHost extends TillHost {
  services: MemoryHostServices;
  /** Calls by name, with their validated arguments. */
  callsOf(name: CallName): unknown[];
}

export function createFakeTillHost(
  now: () => string = () => new Date().toISOString(),
): FakeTillHost {
  const services = createMemoryHostServices({ now });
  const host = createContractClient(
    {
      kind: 'none',
      call: (name, args) => dispatchByName(services, name, args),
      subscribe: (name, listener) =>
        services.subscribe((e) => {
          if (e.name === name) listener(e.payload);
        }),
    },
    {
      // A test that emits a malformed event has a bug: fail it rather than drop the event.
      warn: (message) => {
        throw new Error(message);
      },
    },
  );
  return {
    ...host,
    services,
    callsOf: (name) => services.received.filter((r) => r.name === name).map((r) => r.args),
  };
}
