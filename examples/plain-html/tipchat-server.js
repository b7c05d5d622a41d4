/**
 * The tipchat server this page uses: the one place its address is written. page.js builds everything from it: the
 * script tag, the widgets' `server` attribute and the page's Content-Security-Policy.
 *
 * `pnpm start` listens on http://127.0.0.1:4000. For another port (`PORT=4100 pnpm start`), open this page with
 * `?server=http://127.0.0.1:4100`. Only loopback addresses are taken from the URL: the page loads and runs the script
 * of whatever server it names, so on a real site the address is written here and nowhere else.
 */
const DEFAULT_SERVER = 'http://127.0.0.1:4000';

function fromQuery() {
  const given = new URLSearchParams(location.search).get('server');
  if (!given) return null;
  try {
    const url = new URL(given);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') ? url.origin : null;
  } catch {
    return null;
  }
}

export const server = fromQuery() ?? new URL(DEFAULT_SERVER).origin;
