/** Renderer entry: mounts the app. Imports only shared/ (and React), never Node or Electron. */
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<App />);
  // For the bench (time to the first interactive screen): marked once React has painted.
  requestAnimationFrame(() => performance.mark('certwiz:interactive'));
}
