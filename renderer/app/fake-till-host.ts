// A TillHost for tests of the device wiring: the contract's own dispatch (argument and
// reply validation) over the in-memory host services, with no transport in between. It
// records every call, and lets a test make the printer fail or hang like a real one.
import { dispatchByName } from '../../hardware/contract/dispatch';
import {
  createMemoryHostServices,
  type MemoryHostServices,
} from '../../hardware/contract/memory-host-services';
import {
  CALL_NAMES,
  events,
  type CallName,
  type EventName,
  type PrinterStatus,
  type Reply,
  type ScanEvent,
  type TillHost,
} from '../../hardware/contract/till-host';

export interface FakeTillHost extends TillHost {
  services: MemoryHostServices;
  /** Calls by name, with their validated arguments. */
  callsOf(name: CallName): unknown[];
}

export function createFakeTillHost(
  now: () => string = () => new Date().toISOString(),
): FakeTillHost {
  const services = createMemoryHostServices({ now });
  const call =
    (name: CallName) =>
    (args: unknown): Promise<Reply<unknown>> =>
      dispatchByName(services, name, args);
  const methods = Object.fromEntries(CALL_NAMES.map((n) => [n, call(n)])) as unknown as Pick<
    TillHost,
    CallName
  >;
  const on = <T>(name: EventName, listener: (payload: T) => void) =>
    services.subscribe((e) => {
      if (e.name === name) listener(events[name].payload.parse(e.payload) as T);
    });
  return {
    ...methods,
    transport: 'none',
    services,
    callsOf: (name) => services.received.filter((r) => r.name === name).map((r) => r.args),
    onScan: (listener) => on<ScanEvent>('scannerScan', listener),
    onPrinterStatusChanged: (listener) => on<PrinterStatus>('printerStatusChanged', listener),
  };
}
