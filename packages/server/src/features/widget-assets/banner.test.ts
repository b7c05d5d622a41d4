import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetBannerLines } from './banner';
import { widgetDistDir } from './locate';

let dist: string;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'tipchat-widget-banner-'));
});
afterAll(() => rm(dist, { recursive: true, force: true }));

describe('where the widget is looked for', () => {
  it('defaults to the dist folder of the @tipchat/widget package it resolves (a workspace link here)', () => {
    expect(widgetDistDir(undefined).endsWith(`${sep}packages${sep}widget${sep}dist`)).toBe(true);
  });

  it('takes WIDGET_DIST_DIR, made absolute', () => {
    expect(widgetDistDir('/srv/tipchat/widget')).toBe('/srv/tipchat/widget');
    expect(widgetDistDir('relative/dist')).toBe(join(process.cwd(), 'relative', 'dist'));
  });
});

describe('the start banner', () => {
  it('says how to build the scripts while none is built', () => {
    const lines = widgetBannerLines('http://127.0.0.1:4000', dist).join('\n');
    expect(lines).toContain(`not built (looked in ${dist})`);
    expect(lines).toContain('pnpm --filter @tipchat/widget build');
  });

  it('lists the URL of each built script and of integrity.json', async () => {
    await writeFile(join(dist, 'tipchat.js'), '/* viewer */');
    expect(widgetBannerLines('http://127.0.0.1:4000', dist)).toEqual([
      '  Widget script  http://127.0.0.1:4000/widget/v1/tipchat.js',
      '  SRI hashes     http://127.0.0.1:4000/widget/v1/integrity.json',
    ]);
    await writeFile(join(dist, 'tipchat-overlay.js'), '/* overlay */');
    // The dashboard's script is loaded by the dashboard page; nobody pastes its URL.
    await writeFile(join(dist, 'tipchat-dashboard.js'), '/* dashboard */');
    expect(widgetBannerLines('http://127.0.0.1:4000', dist)).toEqual([
      '  Widget script  http://127.0.0.1:4000/widget/v1/tipchat.js',
      '  Overlay script http://127.0.0.1:4000/widget/v1/tipchat-overlay.js',
      '  SRI hashes     http://127.0.0.1:4000/widget/v1/integrity.json',
    ]);
  });
});
