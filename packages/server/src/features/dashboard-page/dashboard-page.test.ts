import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../../../test/support/server';

const server = useTestServer();

function directives(csp: string | null): Record<string, string> {
  return Object.fromEntries((csp ?? '').split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
}

describe('GET /dashboard and below', () => {
  it.each([
    '/dashboard',
    '/dashboard/',
    '/dashboard/login',
    '/dashboard/tips',
    '/dashboard/stream/8a1f9d0e-1111-4222-8333-944445555666',
    '/dashboard/verify?token=abc',
  ])('%s answers the dashboard shell', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await response.text();
    expect(html).toContain(`<tipchat-dashboard server="${server.url}" base="/dashboard">`);
    expect(html).toContain('<script src="/widget/v1/tipchat-dashboard.js" defer></script>');
    // No inline script, no event handler or style attributes: the CSP could not allow them.
    expect([...html.matchAll(/<script(?![^>]* src=)/g)]).toEqual([]);
    expect(html).not.toMatch(/ on[a-z]+=| style=/i);
  });

  it('sends a strict CSP that allows exactly the one inline style, by hash', async () => {
    const response = await fetch(`${server.url}/dashboard`);
    const csp = directives(response.headers.get('content-security-policy'));
    const html = await response.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(csp).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': `'self' 'sha256-${hash}'`,
      'connect-src': "'self'",
      'img-src': "'self' data: https:",
      // The alert designer's preview plays uploaded sounds and videos.
      'media-src': "'self'",
      // The overlay builder frames this server's overlay page.
      'frame-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('refuses a Host header that is not a host name, in the standard error shape', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/dashboard', headers: { host: 'evil"><script>' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The Host header is not a host name' } });
  });
});

describe('the original web client paths', () => {
  it.each(['/login', '/register', '/verify', '/resend-email', '/forgot-password', '/profile'])(
    '%s redirects into the dashboard',
    async (path) => {
      const response = await fetch(`${server.url}${path}?token=t0k&x=1`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(`/dashboard${path}?token=t0k&x=1`);
    },
  );

  it('leaves the server pages mail links open alone', async () => {
    const verify = await fetch(`${server.url}/verify-email?token=${'x'.repeat(20)}`);
    expect(verify.status).toBe(400);
    expect(await verify.text()).toContain('Link not valid');
    const reset = await fetch(`${server.url}/reset-password?token=${'x'.repeat(20)}`);
    expect(reset.status).toBe(200);
    expect(await reset.text()).toContain('Choose a new password');
  });
});
