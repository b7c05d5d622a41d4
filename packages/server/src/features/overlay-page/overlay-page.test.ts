import { createHash } from 'node:crypto';
import type { TipchatClient } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpVerified } from '../../../test/support/accounts';
import { startTestServer, type TestServer } from '../../../test/support/server';

let server: TestServer;
let owner: TipchatClient;
let slug: string;
let key: string;
/** Another channel's valid key. */
let foreignKey: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = server.client();
  await signUpVerified(owner);
  slug = `overlay-${Date.now().toString(36)}`;
  await owner.channels.create({ slug, displayName: 'Overlay Test' });
  key = await owner.keys.rotateOverlayKey(slug);

  const other = server.client();
  await signUpVerified(other);
  await other.channels.create({ slug: `${slug}-b`, displayName: 'Other' });
  foreignKey = await other.keys.rotateOverlayKey(`${slug}-b`);
});
afterAll(() => server.close());

const page = (query: Record<string, string>, path = `/overlay/${slug}`) => fetch(`${server.url}${path}?${new URLSearchParams(query)}`);

/** The tags of the custom elements in a page, with their attributes. */
function elementsOf(html: string): { tag: string; attributes: Record<string, string> }[] {
  return [...html.matchAll(/<(tipchat-[a-z-]+)([^>]*)>/g)].map(([, tag, attributes]) => ({
    tag: tag ?? '',
    attributes: Object.fromEntries([...(attributes ?? '').matchAll(/ ([a-z-]+)(?:="([^"]*)")?/g)].map(([, n, v]) => [n, v ?? ''])),
  }));
}

function directives(csp: string | null): Record<string, string> {
  return Object.fromEntries((csp ?? '').split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
}

describe('GET /overlay/:slug', () => {
  it('serves the four overlay elements with their settings as attributes, the key on the alerts only', async () => {
    const response = await page({ key });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const common = { class: expect.any(String), channel: slug, server: server.url, theme: 'dark' };
    expect(elementsOf(html)).toEqual([
      { tag: 'tipchat-leaderboard', attributes: { ...common, class: 'leaderboard', period: 'week' } },
      { tag: 'tipchat-alerts', attributes: { ...common, class: 'alerts', key } },
      { tag: 'tipchat-chat-overlay', attributes: { ...common, class: 'chat' } },
      { tag: 'tipchat-goal', attributes: { ...common, class: 'goal' } },
    ]);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<script src="/widget/v1/tipchat-overlay.js" defer></script>');
    // No inline script, no event handler or style attributes: the CSP could not allow them.
    expect([...html.matchAll(/<script(?![^>]* src=)/g)]).toEqual([]);
    expect(html).not.toMatch(/ on[a-z]+=| style=/i);
    expect(html.split(key)).toHaveLength(2);
  });

  it('shows the chosen elements, theme, language, period, sound and speech', async () => {
    const response = await page({
      key,
      show: 'goal,alerts,goal',
      theme: 'light',
      lang: 'hi',
      period: 'all',
      sound: 'https://cdn.example.test/ding.mp3',
      tts: '1',
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="hi">');
    expect(elementsOf(html)).toEqual([
      {
        tag: 'tipchat-alerts',
        attributes: {
          class: 'alerts',
          channel: slug,
          server: server.url,
          theme: 'light',
          key,
          sound: 'https://cdn.example.test/ding.mp3',
          tts: '',
        },
      },
      { tag: 'tipchat-goal', attributes: { class: 'goal', channel: slug, server: server.url, theme: 'light' } },
    ]);
    expect(directives(response.headers.get('content-security-policy'))['media-src']).toBe("'self' https://cdn.example.test");
  });

  it('leaves the key out of a page without alerts', async () => {
    const html = await (await page({ key, show: 'goal,chat,leaderboard' })).text();
    expect(elementsOf(html).map((e) => e.tag)).toEqual(['tipchat-leaderboard', 'tipchat-chat-overlay', 'tipchat-goal']);
    expect(html).not.toContain(key);
  });

  it('sends a strict CSP that allows its one inline style by hash, and keeps the key out of caches and referrers', async () => {
    const response = await page({ key });
    const html = await response.text();
    const style = /<style>([^<]*)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(directives(response.headers.get('content-security-policy'))).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': `'self' 'sha256-${hash}'`,
      'connect-src': "'self'",
      'img-src': "'self' data:",
      // The alerts' speech comes from this server.
      'media-src': "'self'",
      'base-uri': "'none'",
      'form-action': "'none'",
      // The dashboard's overlay builder (same origin) frames it; no other site can.
      'frame-ancestors': "'self'",
    });
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-robots-tag')).toBe('noindex');
  });

  it('escapes what it writes into attributes', async () => {
    const response = await page({ key, sound: 'https://cdn.example.test/a.mp3?x="><script>alert(1)</script>' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('"><script>');
    expect(elementsOf(html).find((e) => e.tag === 'tipchat-alerts')?.attributes.sound).toBe(
      'https://cdn.example.test/a.mp3?x=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  describe('a key that is not the channel’s', () => {
    it.each([
      ['a made-up key', () => `tco_${'A'.repeat(43)}`],
      ['another channel’s key', () => foreignKey],
    ])('answers a 401 page that says so, for %s', async (_, wrongKey) => {
      const response = await page({ key: wrongKey() });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(directives(response.headers.get('content-security-policy'))['script-src']).toBe("'self'");
      const html = await response.text();
      expect(html).toContain('This overlay link is not valid');
      expect(elementsOf(html)).toEqual([]);
      expect(html).not.toContain('<script');
    });

    it('answers 401 for the old key once the streamer rotated it', async () => {
      const streamer = server.client();
      await signUpVerified(streamer);
      const channel = `${slug}-rot`;
      await streamer.channels.create({ slug: channel, displayName: 'Rotating' });
      const old = await streamer.keys.rotateOverlayKey(channel);
      expect((await page({ key: old }, `/overlay/${channel}`)).status).toBe(200);
      const fresh = await streamer.keys.rotateOverlayKey(channel);
      expect((await page({ key: old }, `/overlay/${channel}`)).status).toBe(401);
      expect((await page({ key: fresh }, `/overlay/${channel}`)).status).toBe(200);
    });
  });

  it('answers 404 in the standard shape for a channel that does not exist', async () => {
    const response = await page({ key }, '/overlay/no-such-channel');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Channel not found' } });
  });

  describe('bad input', () => {
    it.each([
      ['an API key instead of an overlay key', { key: `tck_${'A'.repeat(43)}` }],
      ['a key too short to be one', { key: 'tco_abc' }],
      ['a key with other characters', { key: `tco_${'A'.repeat(40)}"<>` }],
      ['an unknown element', { show: 'alerts,fireworks' }],
      ['an empty element list', { show: ',' }],
      ['an unknown theme', { theme: 'blue' }],
      ['a language that is not a tag', { lang: 'en"><script>' }],
      ['a javascript: sound', { sound: 'javascript:alert(1)' }],
      ['a sound that is not a URL', { sound: 'ding.mp3' }],
      ['a tts flag that is not one', { tts: 'yes' }],
      ['an unknown period', { period: 'year' }],
      ['an unknown option', { volume: '11' }],
    ])('answers 400 for %s', async (_, query: Record<string, string>) => {
      const response = await page({ key, ...query });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details[0]?.path).toMatch(/^querystring/);
    });

    it('answers 400 without a key', async () => {
      const response = await page({ show: 'goal' });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'querystring.key' }] } });
    });

    it('answers 400 for a key given twice', async () => {
      const response = await fetch(`${server.url}/overlay/${slug}?key=${key}&key=${key}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    });

    it('answers 400 for a slug that is not slug-shaped', async () => {
      const response = await page({ key }, '/overlay/not.a.slug');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    });

    it('answers 400 for a Host header that is not a host', async () => {
      const response = await server.app.inject({ method: 'GET', url: `/overlay/${slug}?key=${key}`, headers: { host: 'evil"><x' } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'The Host header is not a host name' } });
    });
  });
});
