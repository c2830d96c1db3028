// Device settings: the receipt printer (address, paper width, text or raster profile, cash
// drawer) and the serial scanner (port and baud rate), with a test print and a drawer test.
// Talks to devices only through the TillHost contract; every field has a label, errors are
// tied to their field (aria-invalid + aria-describedby) and results are announced.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { BAUD_RATES, type DeviceSettings } from '../../../hardware/contract/device-settings';
import type { SerialPortInfo, TillHost } from '../../../hardware/contract/till-host';
import {
  formFromSettings,
  settingsFromForm,
  testPageBase64,
  type DeviceSettingsForm,
  type FieldErrors,
  type FormField,
} from './device-settings-form';

export interface DeviceSettingsScreenProps {
  host: TillHost;
  /** Who is changing settings; the drawer test is a no-sale opening recorded under this user. */
  userId: string;
  /** ISO-8601 clock and id source for the test print. */
  now?: () => string;
  /** Called after a drawer test opened the drawer, so the caller can write its audit entry. */
  onDrawerOpened?: (openedAt: string) => void;
  onClose?: () => void;
  /** Settings and ports already read (skips the first load). */
  initial?: { settings: DeviceSettings; ports: SerialPortInfo[] };
}

type Status =
  { kind: 'idle' } | { kind: 'busy'; text: string } | { kind: 'done' | 'error'; text: string };

export function DeviceSettingsScreen({
  host,
  userId,
  now = () => new Date().toISOString(),
  onDrawerOpened,
  onClose,
  initial,
}: DeviceSettingsScreenProps) {
  const [current, setCurrent] = useState<DeviceSettings | null>(initial?.settings ?? null);
  const [form, setForm] = useState<DeviceSettingsForm | null>(
    initial ? formFromSettings(initial.settings) : null,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [ports, setPorts] = useState<SerialPortInfo[]>(initial?.ports ?? []);
  const [status, setStatus] = useState<Status>(
    initial ? { kind: 'idle' } : { kind: 'busy', text: 'Loading device settings…' },
  );
  const idBase = useId();
  const fieldId = (f: FormField) => `${idBase}-${f}`;

  useEffect(() => {
    if (initial) return;
    let live = true;
    void (async () => {
      const [settings, list] = await Promise.all([host.settingsGet({}), host.scannerList({})]);
      if (!live) return;
      if (!settings.ok) {
        setStatus({
          kind: 'error',
          text: `Cannot read device settings: ${settings.error.message}`,
        });
        return;
      }
      setCurrent(settings.value);
      setForm(formFromSettings(settings.value));
      if (list.ok) setPorts(list.value);
      setStatus({ kind: 'idle' });
    })();
    return () => {
      live = false;
    };
    // `initial` is read once, on mount.
  }, [host]);

  if (form === null || current === null) {
    return (
      <section aria-label="Device settings" className="device-settings">
        <h2>Device settings 设备设置</h2>
        <StatusLine status={status} />
      </section>
    );
  }

  const set = <K extends FormField>(key: K, value: DeviceSettingsForm[K]) => {
    setForm({ ...form, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };
  const busy = status.kind === 'busy';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const next = settingsFromForm(current, form);
    if (!next.ok) {
      setErrors(next.errors);
      setStatus({ kind: 'error', text: next.summary });
      return;
    }
    setStatus({ kind: 'busy', text: 'Saving…' });
    const reply = await host.settingsSet({ settings: next.settings });
    if (!reply.ok) {
      setStatus({ kind: 'error', text: `Not saved: ${reply.error.message}` });
      return;
    }
    setCurrent(reply.value);
    setForm(formFromSettings(reply.value));
    setErrors({});
    setStatus({ kind: 'done', text: 'Device settings saved 已保存' });
  };

  const testPrint = async () => {
    setStatus({ kind: 'busy', text: 'Printing a test page…' });
    const at = now();
    const reply = await host.printerPrint({
      jobId: `test-${at}`,
      printerId: current.receiptPrinterId,
      job: { kind: 'raw', bytesBase64: testPageBase64(form.printerName, at) },
    });
    setStatus(
      reply.ok
        ? {
            kind: 'done',
            text: reply.value.warning
              ? `Test page sent to the printer: ${reply.value.warning}`
              : 'Test page sent to the printer',
          }
        : { kind: 'error', text: reply.error.message },
    );
  };

  const testDrawer = async () => {
    setStatus({ kind: 'busy', text: 'Opening the cash drawer…' });
    const reply = await host.drawerOpen({
      reason: 'no_sale',
      userId,
      saleId: null,
      printerId: current.receiptPrinterId,
    });
    if (reply.ok) onDrawerOpened?.(reply.value.openedAt);
    setStatus(
      reply.ok
        ? { kind: 'done', text: 'Cash drawer opened (recorded as a no-sale)' }
        : { kind: 'error', text: reply.error.message },
    );
  };

  const field = (f: FormField, label: ReactNode, input: ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={fieldId(f)}>{label}</label>
      {input}
      {hint && !errors[f] ? (
        <p id={`${fieldId(f)}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {errors[f] ? (
        <p id={`${fieldId(f)}-error`} className="field-error">
          {errors[f]}
        </p>
      ) : null}
    </div>
  );
  const aria = (f: FormField, hint = false) => ({
    id: fieldId(f),
    'aria-invalid': errors[f] ? true : undefined,
    'aria-describedby': errors[f] ? `${fieldId(f)}-error` : hint ? `${fieldId(f)}-hint` : undefined,
  });
  const listId = `${idBase}-ports`;

  return (
    <section aria-label="Device settings" className="device-settings">
      <h2>Device settings 设备设置</h2>
      <form onSubmit={save} noValidate>
        <fieldset>
          <legend>Receipt printer 小票打印机</legend>
          {field(
            'printerName',
            'Printer name 名称',
            <input
              {...aria('printerName')}
              value={form.printerName}
              onChange={(e) => set('printerName', e.target.value)}
            />,
          )}
          {field(
            'printerAddress',
            'Printer address 地址',
            <input
              {...aria('printerAddress', true)}
              value={form.printerAddress}
              placeholder="tcp://192.168.1.50:9100"
              spellCheck={false}
              onChange={(e) => set('printerAddress', e.target.value)}
            />,
            'tcp://host:port, or "virtual" for the on-screen printer',
          )}
          {field(
            'paperWidth',
            'Paper width 纸宽',
            <select
              {...aria('paperWidth')}
              value={form.paperWidth}
              onChange={(e) => set('paperWidth', e.target.value as '58' | '80')}
            >
              <option value="58">58 mm (32 columns)</option>
              <option value="80">80 mm (48 columns)</option>
            </select>,
          )}
          {field(
            'profile',
            'Printer profile 打印方式',
            <select
              {...aria('profile', true)}
              value={form.profile}
              onChange={(e) => set('profile', e.target.value as 'text' | 'raster')}
            >
              <option value="text">Text (printer has a Chinese font)</option>
              <option value="raster">Raster (print as an image)</option>
            </select>,
            'Choose raster if Chinese characters print as garbage',
          )}
          <div className="field field-checkbox">
            <input
              id={fieldId('drawerEnabled')}
              type="checkbox"
              checked={form.drawerEnabled}
              onChange={(e) => set('drawerEnabled', e.target.checked)}
            />
            <label htmlFor={fieldId('drawerEnabled')}>Cash drawer on this printer 钱箱</label>
          </div>
          {form.drawerEnabled
            ? field(
                'drawerPin',
                'Drawer pin 钱箱针脚',
                <select
                  {...aria('drawerPin')}
                  value={form.drawerPin}
                  onChange={(e) => set('drawerPin', e.target.value as '2' | '5')}
                >
                  <option value="2">Pin 2</option>
                  <option value="5">Pin 5</option>
                </select>,
              )
            : null}
        </fieldset>

        <fieldset>
          <legend>Serial scanner 串口扫码枪</legend>
          <div className="field field-checkbox">
            <input
              {...aria('scannerEnabled')}
              type="checkbox"
              checked={form.scannerEnabled}
              onChange={(e) => set('scannerEnabled', e.target.checked)}
            />
            <label htmlFor={fieldId('scannerEnabled')}>Use a serial scanner 启用</label>
          </div>
          {field(
            'scannerPath',
            'Scanner port 端口',
            <>
              <input
                {...aria('scannerPath', true)}
                list={listId}
                value={form.scannerPath}
                placeholder="/dev/ttyACM0 or COM3"
                spellCheck={false}
                onChange={(e) => set('scannerPath', e.target.value)}
              />
              <datalist id={listId}>
                {ports.map((p) => (
                  <option key={p.path} value={p.path}>
                    {p.manufacturer ?? ''}
                  </option>
                ))}
              </datalist>
            </>,
            ports.length > 0
              ? `Found: ${ports.map((p) => p.path).join(', ')}`
              : 'No serial ports found; type the port',
          )}
          {field(
            'baudRate',
            'Baud rate 波特率',
            <select
              {...aria('baudRate')}
              value={form.baudRate}
              onChange={(e) => set('baudRate', e.target.value)}
            >
              {BAUD_RATES.map((b) => (
                <option key={b} value={String(b)}>
                  {b}
                </option>
              ))}
            </select>,
          )}
        </fieldset>

        <div className="dialog-buttons">
          <button type="submit" className="primary" disabled={busy}>
            Save 保存
          </button>
          <button type="button" onClick={() => void testPrint()} disabled={busy}>
            Test print 测试打印
          </button>
          <button
            type="button"
            onClick={() => void testDrawer()}
            disabled={busy || !form.drawerEnabled}
          >
            Test drawer 测试钱箱
          </button>
          {onClose ? (
            <button type="button" onClick={onClose}>
              Close 关闭
            </button>
          ) : null}
        </div>
        <StatusLine status={status} />
      </form>
    </section>
  );
}

function StatusLine({ status }: { status: Status }) {
  // One live region that is always present, so screen readers announce every change.
  return (
    <p
      role={status.kind === 'error' ? 'alert' : 'status'}
      className={`device-status device-status-${status.kind}`}
    >
      {status.kind === 'idle' ? '' : status.text}
    </p>
  );
}
