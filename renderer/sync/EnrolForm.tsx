// Enrol this till with head office by typing the one-time code an operator made
// with `npm run ho -- create-terminal`, or, for a till head office stopped taking
// (revoked, or its token replaced), with `npm run ho -- reissue-code`
// (docs/operations.md). Shown under the sync status line while the sync engine
// has no token and no code that worked, or its token is refused; the engine
// enrols at once, and head office's answer shows on the status line.
import { useState, type FormEvent } from 'react';
import { enrolRequestSchema } from '../../sync/protocol';

export interface EnrolFormProps {
  /** Hand the code to the sync engine (SyncHandle.enrol). */
  onEnrol: (code: string) => void;
}

export function EnrolForm({ onEnrol }: EnrolFormProps) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = enrolRequestSchema.shape.code.safeParse(code);
    if (!parsed.success) {
      setProblem('An enrolment code has 4 to 64 characters, e.g. M6NH-R7F2-GYJY');
      setSent(null);
      return;
    }
    setProblem(null);
    setSent(parsed.data);
    onEnrol(parsed.data);
  };

  return (
    <form
      aria-label="Enrol this till"
      onSubmit={submit}
      style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', padding: '0.5rem 0.75rem' }}
    >
      <label htmlFor="enrolment-code">Enrolment code 注册码 (from head office)</label>
      <input
        id="enrolment-code"
        value={code}
        autoComplete="off"
        spellCheck={false}
        onChange={(ev) => setCode(ev.target.value)}
      />
      <button type="submit">Enrol 注册</button>
      {problem ? <span role="alert">{problem}</span> : null}
      {sent && !problem ? (
        <span role="status">Sent {sent} to head office; its answer shows on the line above.</span>
      ) : null}
    </form>
  );
}
