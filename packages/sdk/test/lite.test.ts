import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ChannelConnection, ChatResource, connectChannel, EventsResource, HttpClient } from '../src/lite';

/** The SDK modules a minified browser bundle of `code` keeps, tree-shaken as the widget's rollup build does. */
async function keptModules(code: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: code, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    write: false,
    minify: true,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    external: ['socket.io-client'],
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(/^.*\/src\//, ''));
}

describe('@tipchat/sdk/lite', () => {
  it('lets a bundle that builds its client piece by piece leave the other resources out', async () => {
    const kept = await keptModules(`
      import { ChannelsResource, ChatResource, connectChannel, HttpClient } from '../src/lite';
      const http = new HttpClient({ baseUrl: 'https://tips.example' });
      window.k = [new ChannelsResource(http), new ChatResource(http), connectChannel(http, 'https://tips.example', 'owl')];
    `);
    expect(kept).toEqual(
      expect.arrayContaining(['resources/channels.ts', 'resources/chat.ts', 'resources/events.ts', 'realtime/connection.ts']),
    );
    for (const unused of ['tip-feed', 'moderation', 'keys', 'alerts', 'goals', 'auth', 'user', 'streams', 'dev', 'tips']) {
      expect(kept).not.toContain(`resources/${unused}.ts`);
    }
    expect(kept).not.toContain('client.ts');
  });

  it('keeps every resource when createClient is used, which is what the lite entry avoids', async () => {
    const kept = await keptModules(`
      import { createClient } from '../src/lite';
      window.k = createClient({ baseUrl: 'https://tips.example' });
    `);
    expect(kept).toEqual(expect.arrayContaining(['resources/tip-feed.ts', 'resources/moderation.ts', 'resources/keys.ts']));
  });

  it('shares one credential between resources and connections made over the same HttpClient', async () => {
    const authorizations: Array<[string, string | null]> = [];
    const http = new HttpClient({
      baseUrl: 'http://tipchat.test',
      fetch: async (input, init) => {
        const path = new URL(String(input)).pathname;
        authorizations.push([path, new Headers(init?.headers).get('authorization')]);
        const body = path.endsWith('/viewers')
          ? {
              viewer: { id: 'v', channelId: 'c', displayName: 'Guest', kind: 'guest', createdAt: '2025-01-01T00:00:00.000Z' },
              guestToken: 'tcg_owl',
              deviceToken: 'device-token-0123456789',
            }
          : { events: [], lastSeq: 0 };
        return new Response(JSON.stringify(body), {
          status: path.endsWith('/viewers') ? 201 : 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await new ChatResource(http).join('owl', { displayName: 'Guest' });
    await new EventsResource(http).after('owl', 0);
    expect(authorizations).toEqual([
      ['/api/v1/channels/owl/viewers', null],
      ['/api/v1/channels/owl/events', 'Bearer tcg_owl'],
    ]);

    const connection = connectChannel(http, 'http://tipchat.test', 'owl', { after: 7 });
    expect(connection).toBeInstanceOf(ChannelConnection);
    expect(connection.channel).toBe('owl');
    expect(connection.state).toBe('disconnected');
    connection.close();
  });
});
