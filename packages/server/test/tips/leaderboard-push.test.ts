import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Leaderboards } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAdminUrl, type TestDatabase } from '../support/database';
import { eventually } from '../support/realtime';
import { startTestServer, useTestServer } from '../support/server';
import { tipChannel } from '../support/tips';

/**
 * Leaderboards pushed after paid tips, coalesced per channel: a burst of tips makes fewer
 * pushes than tips, the last carries every tip, none goes backwards, and a push cut off by a
 * stop is made by the next start.
 */
const server = useTestServer({ DEV_PAYMENT_DELAY_MS: '0' });

const total = (boards: Leaderboards) => boards.all.reduce((sum, entry) => sum + entry.amount, 0);

async function leaderboardPushes(slug: string): Promise<Leaderboards[]> {
  const { events } = await server.client().events.after(slug, 0, { limit: 1000 });
  return events.flatMap((event) => (event.type === 'leaderboard.updated' ? [event.data] : []));
}

async function payTips(slug: string, amounts: number[]): Promise<void> {
  const viewer = server.client();
  await Promise.all(
    amounts.map(async (amount, i) => {
      const { tip } = await viewer.tips.create(slug, { amount, currency: 'USD', displayName: `Tipper ${i}` });
      await viewer.tips.devCheckout(tip.id, 'succeed');
    }),
  );
}

describe('leaderboards after paid tips', () => {
  it('are pushed once for a lone tip, at once', async () => {
    const channel = await tipChannel(server);
    await payTips(channel.slug, [700]);
    await eventually(async () => expect((await leaderboardPushes(channel.slug)).map(total)).toEqual([700]));
  });

  it('are pushed fewer times than a burst has tips, the last push with every tip and none going backwards', async () => {
    const channel = await tipChannel(server);
    const amounts = [100, 200, 300, 400, 500, 600, 700, 800];
    await payTips(channel.slug, amounts);
    const all = amounts.reduce((sum, amount) => sum + amount, 0);
    await eventually(async () => expect((await leaderboardPushes(channel.slug)).at(-1)?.all.length).toBe(amounts.length));
    const pushes = await leaderboardPushes(channel.slug);
    expect(total(pushes.at(-1) as Leaderboards)).toBe(all);
    expect(pushes.length).toBeLessThan(amounts.length);
    const totals = pushes.map(total);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    // Nothing is left due once the last push is written.
    const [row] = await server.app.sql<{ due: Date | null }[]>`select leaderboards_due_at as due from channels where id = ${channel.id}`;
    expect(row?.due).toBeNull();
  });

  it('due when the server stopped are pushed by the next start', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tipchat-leaderboard-push-'));
    const database: TestDatabase = postgresAdminUrl
      ? await createTestDatabase()
      : { config: { kind: 'embedded', dataDir }, drop: async () => {} };
    try {
      const env = { LEADERBOARD_SWEEP_MS: '3600000' };
      const first = await startTestServer(env, database);
      const channel = await tipChannel(first);
      // Due, as a tip's trigger leaves it, and no push made: the process stopped first.
      await first.app.sql`update channels set leaderboards_due_at = now() where id = ${channel.id}`;
      await first.close();

      const second = await startTestServer(env, database);
      try {
        await eventually(async () => {
          const { events } = await second.client().events.after(channel.slug, 0, { limit: 1000 });
          expect(events.filter((event) => event.type === 'leaderboard.updated')).toHaveLength(1);
        });
        const [row] = await second.app.sql<{ due: Date | null }[]>`
          select leaderboards_due_at as due from channels where id = ${channel.id}`;
        expect(row?.due).toBeNull();
      } finally {
        await second.close();
      }
    } finally {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
