import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, startCli } from './support/cli';

/** Every URL the start banner prints, in the order printed. */
function bannerUrls(stdout: string, base: string): string[] {
  return [...stdout.matchAll(/https?:\/\/\S+/g)].map((match) => match[0]).filter((url) => url.startsWith(base));
}

describe('the start banner links only to pages that answer', () => {
  let dataDir: string;
  let cli: RunningCli;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tipchat-banner-'));
    cli = await startCli(['--demo'], { TIPCHAT_DATA_DIR: dataDir });
  }, 120_000);

  afterAll(async () => {
    await cli?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the dashboard, API reference, health, tip page, overlay and demo channel links', () => {
    const paths = bannerUrls(cli.stdout(), cli.url).map((url) => new URL(url).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/dashboard', '/docs', '/readyz', '/c/demo', '/overlay/demo', '/api/v1/channels/demo']));
    expect(paths).not.toContain('/api/v1');
  });

  it('answers 200 at every printed URL', async () => {
    const urls = bannerUrls(cli.stdout(), cli.url);
    const answers = await Promise.all(urls.map(async (url) => ({ url, status: (await fetch(url)).status })));
    expect(answers).toEqual(urls.map((url) => ({ url, status: 200 })));
  });
});
