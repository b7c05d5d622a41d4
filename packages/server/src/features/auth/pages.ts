const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A plain page for people arriving from a mail link: no script, so any CSP allows it. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · tipchat</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
input,button{font:inherit;padding:.5rem;margin:.25rem 0}input{width:100%;box-sizing:border-box}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

export function resetForm(token: string, problem?: string): string {
  return `${problem ? paragraph(problem) : ''}<form method="post" action="/reset-password">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<label>New password (at least 10 characters)<input type="password" name="password" minlength="10" maxlength="128" required autocomplete="new-password"></label>
<button type="submit">Set new password</button></form>`;
}
