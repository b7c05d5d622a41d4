import { describe, expect, it } from 'vitest';
import { signedUpClient } from '../../../test/support/accounts';
import { caught } from '../../../test/support/errors';
import { attemptWithoutWrites } from '../../../test/support/raw';
import { useTestServer } from '../../../test/support/server';

/**
 * Channel names, slugs and stream titles answer to the platform's blocked list
 * (platform-terms.ts): a channel has no list of its own when it is made, and its name is shown
 * to everyone who finds it.
 */

const server = useTestServer();
let seq = 0;
const slug = (prefix = 'named') => `${prefix}-${Date.now().toString(36)}-${++seq}`;

const streamer = () => signedUpClient(server);

/** The refusal: 422 NAME_NOT_ALLOWED naming the field, never the term; nothing stored. */
async function refused(what: string, field: string, action: () => Promise<unknown>): Promise<void> {
  const error = await attemptWithoutWrites(server, what, action);
  expect(error, what).toMatchObject({ code: 'NAME_NOT_ALLOWED', status: 422, details: { field } });
  expect(String((error as Error).message).toLowerCase(), what).not.toMatch(/fuck|cunt|kill yourself/);
}

describe('creating a channel', () => {
  it('refuses a blocked word in the display name, disguised or not', async () => {
    const owner = await streamer();
    for (const displayName of ['Fuck This Channel', 'F.U.C.K Gaming', 'ｆｕｃｋ', 'c*nt corner', 'Motherfuckers Live']) {
      await refused(displayName, 'displayName', () => owner.channels.create({ slug: slug(), displayName }));
    }
  });

  it('refuses a blocked word in the slug', async () => {
    const owner = await streamer();
    await refused('slug', 'slug', () => owner.channels.create({ slug: `kill-yourself-${++seq}`, displayName: 'Fine Name' }));
  });

  it('lets innocent names through', async () => {
    for (const displayName of ['Scunthorpe Gaming', "He'll Stream", 'Cocktail Hour', 'Dickens Readings']) {
      const owner = await streamer();
      expect(await owner.channels.create({ slug: slug(), displayName })).toMatchObject({ displayName });
    }
  });
});

describe('renaming a channel and titling a stream', () => {
  it('refuses a blocked new name and keeps the old one; other changes still work', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Chill Beats' });
    await refused('rename', 'displayName', () => owner.channels.update(name, { displayName: 'Fucking Beats' }));
    expect((await owner.channels.get(name)).displayName).toBe('Chill Beats');
    expect(await owner.channels.update(name, { description: 'lofi all night' })).toMatchObject({
      displayName: 'Chill Beats',
      description: 'lofi all night',
    });
    expect(await owner.channels.update(name, { displayName: 'Chill Beats Two' })).toMatchObject({ displayName: 'Chill Beats Two' });
  });

  it('refuses a blocked stream title and starts the stream under a clean one', async () => {
    const owner = await streamer();
    const name = slug();
    await owner.channels.create({ slug: name, displayName: 'Speedruns' });
    const error = await caught(owner.streams.start(name, { title: 'go kill yourself noobs' }));
    expect(error).toMatchObject({ code: 'NAME_NOT_ALLOWED', status: 422, details: { field: 'title' } });
    expect(await owner.streams.list(name)).toEqual([]);
    expect(await owner.streams.start(name, { title: 'Any% attempts' })).toMatchObject({ title: 'Any% attempts' });
  });
});
