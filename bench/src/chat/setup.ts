import { request } from '../http';

/** A guest of the chat: its token, and the address it speaks from (X-Forwarded-For, trusted by the bench's server). */
export interface Guest {
  token: string;
  ip: string;
}

/** A distinct private address per guest: 10.88.0.1, 10.88.0.2, … (up to 65,534 guests). */
export function guestAddress(index: number): string {
  const n = index + 1;
  if (n >= 65_535) throw new Error('chat bench: at most 65,534 guests');
  return `10.88.${n >> 8}.${n & 255}`;
}

/**
 * `count` guests who joined the channel's chat through the public API, as a viewer's widget
 * joins (POST /channels/:slug/viewers with a display name), `concurrency` at a time, each from
 * its own address.
 */
export async function joinGuests(baseUrl: string, slug: string, count: number, concurrency = 16): Promise<Guest[]> {
  const guests: Guest[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const ip = guestAddress(index);
      const joined = await request<{ guestToken: string | null }>(baseUrl, 'POST', `/api/v1/channels/${slug}/viewers`, {
        body: { displayName: `Chatter ${index + 1}` },
        headers: { 'x-forwarded-for': ip },
      });
      if (!joined.guestToken) throw new Error('chat bench set-up: joining as a guest returned no guestToken');
      guests[index] = { token: joined.guestToken, ip };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return guests;
}
