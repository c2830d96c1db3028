// Renderer entry: mount the app inside the error boundary. Everything else (config,
// Web Lock, storage, demo seed) happens in ui/boot.ts so it shows progress on screen.
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { ErrorBoundary } from './ui/ErrorBoundary';
import './ui/till.css';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element');
createRoot(rootElement).render(
  <ErrorBoundary>
    <App />
  </ErrorBoundary>,
);
