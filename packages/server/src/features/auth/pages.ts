import { FAVICON_LINK } from '../dashboard-page/favicon';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Where a page sends the reader on: a link styled as the page's main button. */
export interface PageAction {
  href: string;
  label: string;
}

/**
 * tipchat's look (its violet, a card on a soft background, light and dark) in one inline style
 * sheet: these pages have no script and no CSP of their own, so they work in any mail client's
 * browser.
 */
const STYLE = `:root{color-scheme:light dark;--bg:#f3f4f6;--card:#fff;--text:#111827;--muted:#4b5563;--primary:#6d28d9;--on-primary:#fff;--border:#d1d5db}
@media (prefers-color-scheme:dark){:root{--bg:#030712;--card:#111827;--text:#f9fafb;--muted:#9ca3af;--primary:#a78bfa;--on-primary:#111827;--border:#374151}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;padding:1rem;background:var(--bg);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:28rem;background:var(--card);border:1px solid var(--border);border-radius:12px;padding:2rem;box-shadow:0 10px 30px rgb(0 0 0/.08)}
.brand{display:flex;align-items:center;gap:.5rem;margin:0 0 1.5rem;font-weight:700;color:var(--primary)}
.brand svg{width:28px;height:28px}h1{font-size:1.5rem;margin:0 0 .75rem}p{margin:0 0 1rem;color:var(--muted)}
.action{display:inline-block;margin-top:.5rem;padding:.65rem 1.1rem;border-radius:8px;background:var(--primary);color:var(--on-primary);
font-weight:600;text-decoration:none}.action:focus-visible{outline:3px solid color-mix(in srgb,var(--primary) 45%,transparent);outline-offset:2px}
label{display:block;font-weight:600}input,button{font:inherit;padding:.6rem;margin:.35rem 0;border-radius:8px}
input{width:100%;border:1px solid var(--border);background:var(--card);color:var(--text)}
button{border:0;background:var(--primary);color:var(--on-primary);font-weight:600;cursor:pointer}`;

const LOGO = `<svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="currentColor"/><circle cx="16" cy="16" r="7" fill="#fff"/></svg>`;

/** A page for people arriving from a mail link: tipchat's look, no script, and a way on (`action`). */
export function page(title: string, body: string, action?: PageAction): string {
  const link = action ? `<p><a class="action" href="${escapeHtml(action.href)}">${escapeHtml(action.label)}</a></p>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · tipchat</title>
<meta name="viewport" content="width=device-width,initial-scale=1">${FAVICON_LINK}
<style>${STYLE}</style></head>
<body><main><p class="brand">${LOGO}<span>tipchat</span></p><h1>${escapeHtml(title)}</h1>${body}${link}</main></body></html>`;
}

export const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

export function resetForm(token: string, problem?: string): string {
  return `${problem ? paragraph(problem) : ''}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label>New password (at least 10 characters)<input type="password" name="password" minlength="10" maxlength="128" required autocomplete="new-password"></label>
<button type="submit">Set new password</button></form>`;
}
