import { StrictMode, useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type PaidTip, TipchatChat } from './tipchat-chat';

const SERVER = 'http://127.0.0.1:4000';

/** Amounts arrive in minor units (cents, paise); Intl knows each currency's decimals. */
function formatMinor(amount: number, currency: string): string {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

function App() {
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const [tips, setTips] = useState<PaidTip[]>([]);
  const onTip = useCallback((tip: PaidTip) => setTips((earlier) => [tip, ...earlier]), []);

  return (
    <main style={{ maxWidth: '32rem', margin: '2rem auto', fontFamily: 'system-ui, sans-serif' }}>
      <h1>My stream, in React</h1>
      <button type="button" onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>
        Switch to {theme === 'light' ? 'dark' : 'light'}
      </button>
      <TipchatChat channel="demo" server={SERVER} theme={theme} onTip={onTip} />
      <h2>Tips seen by this page</h2>
      <ul>
        {tips.map((tip) => (
          <li key={tip.id}>
            {tip.displayName}: {formatMinor(tip.amount, tip.currency)}
          </li>
        ))}
      </ul>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
