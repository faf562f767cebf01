import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adoptTokenFromUrl } from './api/api-token.js';
import { App } from './app.js';
import { LiveProvider } from './state/live-store.js';
import './styles.css';

adoptTokenFromUrl();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <LiveProvider>
        <App />
      </LiveProvider>
    </StrictMode>,
  );
}
