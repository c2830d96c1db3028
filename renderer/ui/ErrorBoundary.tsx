// Last line of defence: a render error shows a sentence and a way back instead of a
// white screen. Sales already saved are safe in IndexedDB; the cart on screen is not,
// so the message says so.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
}
interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Till screen error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error === null) return this.props.children;
    return (
      <main className="boot-screen">
        <div role="alert" className="boot-error">
          <h1>Something went wrong on the till screen</h1>
          <p>
            Completed sales are saved. The sale that was on screen may need to be rung up again.
          </p>
          <p className="boot-detail">{this.state.error.message}</p>
        </div>
        <button type="button" onClick={() => window.location.reload()}>
          Restart the till screen
        </button>
      </main>
    );
  }
}
