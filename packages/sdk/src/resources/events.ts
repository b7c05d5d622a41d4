import type { HttpClient } from '../http';
import type { EventPage } from '../protocol/events';
import { channelPath } from './paths';

export interface EventsAfterOptions {
  /** 1–1000; the server's default is 500. */
  limit?: number;
  /** A credential for this call instead of the client's (an overlay or API key). */
  token?: string;
}

/** A channel's event log: the polling API, and how realtime connections fill gaps. */
export class EventsResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Events after sequence `after`, oldest first — public ones, and staff-only ones for staff
   * credentials. When fewer than `limit` come back you have seen everything up to `lastSeq`;
   * otherwise continue with `after = lastSeq`.
   */
  after(slug: string, after: number, options: EventsAfterOptions = {}): Promise<EventPage> {
    return this.http.request('GET', channelPath(slug, 'events'), {
      query: { after, limit: options.limit },
      auth: 'optional',
      channel: slug,
      token: options.token,
    });
  }
}
