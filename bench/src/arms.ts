import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { request } from './http';
import type { Target } from './thin-client';
import { socketIoUrl } from './wire';

export type ArmName = 'tipchat' | 'socket.io' | 'ws';
export const ARM_NAMES: readonly ArmName[] = ['tipchat', 'socket.io', 'ws'];

/** An arm once its server is up: where clients connect, and how one message is sent. */
export interface Prepared {
  target: Target;
  send(text: string, index: number): Promise<void>;
  /** What the set-up made, for the report (e.g. how many sender identities). */
  note: string;
}

export interface Arm {
  name: ArmName;
  /** The server's child script. */
  script: string;
  prepare(base: string, options: { senders: number }): Promise<Prepared>;
}

const script = (name: string) => fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url));

/** Both baselines take POST /send { text } and broadcast it. */
function baseline(base: string, target: Target): Prepared {
  return { target, note: '', send: (text) => request(base, 'POST', '/send', { body: { text } }) };
}

export const ARMS: Record<ArmName, Arm> = {
  tipchat: {
    name: 'tipchat',
    script: script('tipchat'),
    prepare: prepareTipchat,
  },
  'socket.io': {
    name: 'socket.io',
    script: script('socketio-bare'),
    prepare: async (base) => baseline(base, { protocol: 'socket.io', url: socketIoUrl(base), auth: { channel: 'bench' } }),
  },
  ws: {
    name: 'ws',
    script: script('ws-raw'),
    prepare: async (base) => baseline(base, { protocol: 'ws', url: base.replace(/^http/, 'ws') }),
  },
};

const PASSWORD = 'bench-password-123';

/**
 * A verified streamer with a channel, and `senders` guests who joined its chat, all through the
 * public API as a person would. Messages go round-robin over the guests, each from its own
 * address (the server trusts X-Forwarded-For here), so the per-viewer and per-address flood
 * limits see ordinary viewers.
 */
async function prepareTipchat(base: string, { senders }: { senders: number }): Promise<Prepared> {
  const suffix = randomBytes(4).toString('hex');
  const email = `bench-${suffix}@example.test`;
  await request(base, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, displayName: 'Bench Streamer' } });
  const { mails } = await request<{ mails: Array<{ links: string[] }> }>(base, 'GET', `/api/v1/dev/outbox?to=${encodeURIComponent(email)}`);
  const link = mails[0]?.links[0];
  if (!link) throw new Error('tipchat set-up: no verification mail in the dev outbox');
  // The link names the configured public URL; the server listens on a random port.
  const { pathname, search } = new URL(link);
  await fetch(new URL(pathname + search, base)).then((r) => {
    if (!r.ok) throw new Error(`tipchat set-up: verification link answered ${r.status}`);
  });
  const session = await request<{ accessToken: string }>(base, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
  const slug = `bench-${suffix}`;
  await request(base, 'POST', '/api/v1/channels', {
    body: { slug, displayName: 'Bench channel' },
    headers: { authorization: `Bearer ${session.accessToken}` },
  });

  const guests: Array<{ token: string; ip: string }> = [];
  for (let i = 0; i < senders; i++) {
    const ip = `10.77.${(i >> 8) & 255}.${i & 255}`;
    const joined = await request<{ guestToken: string | null }>(base, 'POST', `/api/v1/channels/${slug}/viewers`, {
      body: { displayName: `Sender ${i + 1}` },
      headers: { 'x-forwarded-for': ip },
    });
    if (!joined.guestToken) throw new Error('tipchat set-up: joining as a guest returned no guestToken');
    guests.push({ token: joined.guestToken, ip });
  }

  return {
    target: { protocol: 'socket.io', url: socketIoUrl(base), auth: { channel: slug } },
    note: `${senders} guest senders`,
    send: async (text, index) => {
      const guest = guests[index % guests.length];
      if (!guest) throw new Error('no sender');
      await request(base, 'POST', `/api/v1/channels/${slug}/chat/messages`, {
        body: { text },
        headers: { authorization: `Bearer ${guest.token}`, 'x-forwarded-for': guest.ip },
      });
    },
  };
}
