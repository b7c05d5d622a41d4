import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/support/server';

/**
 * The widget's scripts as the server serves them, from a fake dist folder written here: the
 * routes only care about the files' names and bytes, not that they are real bundles.
 */

const VIEWER = "(()=>{customElements.define('tipchat-widget',class extends HTMLElement{})})();\n//# sourceMappingURL=tipchat.js.map\n";
const VIEWER_MAP = '{"version":3,"sources":["tipchat.ts"],"mappings":""}';
const OVERLAY = "(()=>{customElements.define('tipchat-goal',class extends HTMLElement{})})();\n";
const DASHBOARD = "(()=>{customElements.define('tipchat-dashboard',class extends HTMLElement{})})();\n";

let dist: string;
let server: TestServer;
/** A server whose WIDGET_DIST_DIR holds nothing: the widget was never built. */
let unbuilt: TestServer;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'tipchat-widget-dist-'));
  await writeFile(join(dist, 'tipchat.js'), VIEWER);
  await writeFile(join(dist, 'tipchat.js.map'), VIEWER_MAP);
  await writeFile(join(dist, 'tipchat-overlay.js'), OVERLAY);
  await writeFile(join(dist, 'tipchat-dashboard.js'), DASHBOARD);
  [server, unbuilt] = await Promise.all([
    startTestServer({ WIDGET_DIST_DIR: dist, PUBLIC_URL: 'https://tips.example.test' }),
    startTestServer({ WIDGET_DIST_DIR: join(dist, 'no-such-folder') }),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.close(), unbuilt?.close()]);
  await rm(dist, { recursive: true, force: true });
});

const get = (target: TestServer, url: string, headers: Record<string, string> = {}) =>
  target.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'identity', ...headers } });

const sri = (text: string) => `sha384-${createHash('sha384').update(text).digest('base64')}`;
const shortHash = (text: string) => createHash('sha384').update(text).digest('hex').slice(0, 16);

describe('the stable script URLs', () => {
  it('serves the viewer script byte for byte, cacheable for five minutes, to any origin', async () => {
    const response = await get(server, '/widget/v1/tipchat.js', { origin: 'https://streamer.example' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(VIEWER);
    expect(response.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      etag: `"${shortHash(VIEWER)}"`,
      vary: 'Accept-Encoding',
    });
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  it('serves the overlay and dashboard scripts and the viewer source map with their content types', async () => {
    const scripts: Array<[string, string]> = [
      ['/widget/v1/tipchat-overlay.js', OVERLAY],
      ['/widget/v1/tipchat-dashboard.js', DASHBOARD],
    ];
    for (const [url, body] of scripts) {
      const script = await get(server, url);
      expect(script.statusCode, url).toBe(200);
      expect(script.body, url).toBe(body);
      expect(script.headers['content-type'], url).toBe('text/javascript; charset=utf-8');
    }

    const map = await get(server, '/widget/v1/tipchat.js.map');
    expect(map.statusCode).toBe(200);
    expect(map.body).toBe(VIEWER_MAP);
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(map.headers['cache-control']).toBe('public, max-age=300');
  });

  it('sends brotli or gzip when the browser accepts them, each with an ETag of its own', async () => {
    const br = await get(server, '/widget/v1/tipchat.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(VIEWER);
    expect(br.headers.etag).toBe(`"${shortHash(VIEWER)}-br"`);

    const gzip = await get(server, '/widget/v1/tipchat.js', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(VIEWER);
    expect(gzip.headers.etag).toBe(`"${shortHash(VIEWER)}-gzip"`);
  });

  it('answers 304 without a body when the browser already has the same bytes', async () => {
    const first = await get(server, '/widget/v1/tipchat.js');
    const again = await get(server, '/widget/v1/tipchat.js', { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe('public, max-age=300');

    const otherBytes = await get(server, '/widget/v1/tipchat.js', { 'if-none-match': '"0000000000000000"' });
    expect(otherBytes.statusCode).toBe(200);
    expect(otherBytes.body).toBe(VIEWER);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await server.app.inject({ method: 'HEAD', url: '/widget/v1/tipchat.js', headers: { 'accept-encoding': 'identity' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers.etag).toBe(`"${shortHash(VIEWER)}"`);
  });

  it('works over real HTTP for a cross-origin script request', async () => {
    const response = await fetch(`${server.url}/widget/v1/tipchat.js`, { headers: { origin: 'https://streamer.example' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(VIEWER);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('integrity.json and the content-hashed copies', () => {
  it('lists each script with the sha384 of the bytes served and its URLs', async () => {
    const response = await get(server, '/widget/v1/integrity.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'access-control-allow-origin': '*',
    });
    expect(response.json()).toEqual({
      files: {
        'tipchat.js': {
          integrity: sri(VIEWER),
          bytes: Buffer.byteLength(VIEWER),
          hashedName: `tipchat.${shortHash(VIEWER)}.js`,
          url: 'https://tips.example.test/widget/v1/tipchat.js',
          hashedUrl: `https://tips.example.test/widget/v1/tipchat.${shortHash(VIEWER)}.js`,
        },
        'tipchat-overlay.js': {
          integrity: sri(OVERLAY),
          bytes: Buffer.byteLength(OVERLAY),
          hashedName: `tipchat-overlay.${shortHash(OVERLAY)}.js`,
          url: 'https://tips.example.test/widget/v1/tipchat-overlay.js',
          hashedUrl: `https://tips.example.test/widget/v1/tipchat-overlay.${shortHash(OVERLAY)}.js`,
        },
        'tipchat-dashboard.js': {
          integrity: sri(DASHBOARD),
          bytes: Buffer.byteLength(DASHBOARD),
          hashedName: `tipchat-dashboard.${shortHash(DASHBOARD)}.js`,
          url: 'https://tips.example.test/widget/v1/tipchat-dashboard.js',
          hashedUrl: `https://tips.example.test/widget/v1/tipchat-dashboard.${shortHash(DASHBOARD)}.js`,
        },
      },
    });
  });

  it('serves each hashed copy, whose bytes match the listed integrity, cacheable for good', async () => {
    const { files } = (await get(server, '/widget/v1/integrity.json')).json() as {
      files: Record<string, { integrity: string; hashedUrl: string }>;
    };
    for (const entry of Object.values(files)) {
      const response = await get(server, new URL(entry.hashedUrl).pathname);
      expect(response.statusCode).toBe(200);
      expect(sri(response.body)).toBe(entry.integrity);
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('refuses a hashed name of other bytes with a 404 pointing at integrity.json', async () => {
    const response = await get(server, '/widget/v1/tipchat.0123456789abcdef.js');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('/widget/v1/integrity.json lists the current one') },
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('serves a rebuilt script with its new hash without a restart', async () => {
    const rebuilt = `${VIEWER}// rebuilt\n`;
    const before = (await get(server, '/widget/v1/integrity.json')).json() as { files: Record<string, { hashedUrl: string }> };
    await writeFile(join(dist, 'tipchat.js'), rebuilt);
    try {
      expect((await get(server, '/widget/v1/tipchat.js')).body).toBe(rebuilt);
      const after = (await get(server, '/widget/v1/integrity.json')).json() as { files: Record<string, { integrity: string }> };
      expect(after.files['tipchat.js']?.integrity).toBe(sri(rebuilt));
      expect((await get(server, new URL(before.files['tipchat.js']?.hashedUrl ?? '').pathname)).statusCode).toBe(404);
      expect((await get(server, `/widget/v1/tipchat.${shortHash(rebuilt)}.js`)).body).toBe(rebuilt);
    } finally {
      await writeFile(join(dist, 'tipchat.js'), VIEWER);
    }
  });
});

describe('what is not there', () => {
  it('answers 404 for names that are not widget files, including paths out of the folder', async () => {
    for (const url of [
      '/widget/v1/index.js',
      '/widget/v1/..%2Fpackage.json',
      '/widget/v1/tipchat-overlay.js.gz',
      '/widget/v1/integrity.json.map',
    ]) {
      const response = await get(server, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().error.code, url).toBe('NOT_FOUND');
    }
  });

  it('answers 404 for a script that is not built, and integrity.json leaves it out', async () => {
    await rm(join(dist, 'tipchat-overlay.js'));
    try {
      expect((await get(server, '/widget/v1/tipchat-overlay.js')).statusCode).toBe(404);
      const listed = (await get(server, '/widget/v1/integrity.json')).json() as { files: Record<string, unknown> };
      expect(Object.keys(listed.files)).toEqual(['tipchat.js', 'tipchat-dashboard.js']);
    } finally {
      await writeFile(join(dist, 'tipchat-overlay.js'), OVERLAY);
    }
  });

  it('says how to build the widget when its dist folder is missing', async () => {
    for (const url of [
      '/widget/v1/tipchat.js',
      '/widget/v1/tipchat-overlay.js',
      '/widget/v1/integrity.json',
      `/widget/v1/tipchat.${shortHash(VIEWER)}.js`,
    ]) {
      const response = await get(unbuilt, url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toEqual({
        error: { code: 'NOT_FOUND', message: expect.stringContaining('pnpm --filter @tipchat/widget build') },
      });
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
    }
  });
});
