import type { Sql } from './db/connection';
import { hashPassword } from './features/auth/passwords';

export const DEMO_LOGIN = { email: 'demo@tipchat.local', password: 'tipchat-demo-password' } as const;
export const DEMO_CHANNEL_SLUG = 'demo';

/**
 * A verified demo streamer with a channel, so a first run has something to look at. Idempotent:
 * an existing demo account or channel is left as it is. Returns the channel's id.
 */
export async function seedDemo(sql: Sql): Promise<string> {
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  await sql.begin(async (tx) => {
    await tx`
      insert into users (email, password_hash, display_name, email_verified_at)
      values (${DEMO_LOGIN.email}, ${passwordHash}, 'Demo Streamer', now())
      on conflict (email) do nothing`;
    await tx`
      insert into channels (owner_id, slug, display_name, description, currency, min_tip, max_tip, tip_presets, theme)
      select id, ${DEMO_CHANNEL_SLUG}, 'Demo Channel', 'A channel to try tipchat with.', 'INR', 1000, 10000000,
             ${tx.json([5000, 10000, 50000, 100000])},
             ${tx.json({ primaryColor: '#6d28d9', backgroundColor: '#ffffff', textColor: '#111827' })}
      from users where email = ${DEMO_LOGIN.email}
      on conflict do nothing`;
  });
  const [channel] = await sql<{ id: string }[]>`select id from channels where slug = ${DEMO_CHANNEL_SLUG}`;
  if (!channel) throw new Error('tipchat: the demo channel was not created');
  return channel.id;
}
