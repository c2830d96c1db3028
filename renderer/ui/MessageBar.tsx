// What the till has to say to the cashier. Errors are an alert (read out at once);
// information and success are a polite status. Both regions always exist so screen
// readers pick up changes.
import { useTill, useTillContext } from './till-context';

export function MessageBar() {
  const message = useTill((s) => s.message);
  const { store } = useTillContext();
  const isError = message?.kind === 'error';
  return (
    <div className="message-bar">
      <div role="alert" className={isError ? 'message message-error' : 'message-empty'}>
        {isError ? message.text : null}
      </div>
      <div
        role="status"
        aria-label="Till message"
        className={message && !isError ? `message message-${message.kind}` : 'message-empty'}
      >
        {message && !isError ? message.text : null}
      </div>
      {message ? (
        <button
          type="button"
          className="message-dismiss"
          aria-label="Dismiss message"
          onClick={() => store.getState().dismissMessage()}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}
