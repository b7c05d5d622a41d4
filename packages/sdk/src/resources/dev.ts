import type { HttpClient } from '../http';
import type { OutboxMail } from '../protocol/dev';

/** Development-only helpers; the routes do not exist on a production server. */
export class DevResource {
  constructor(private readonly http: HttpClient) {}

  /** Mails the development transport kept instead of sending, newest first. */
  async outbox(options: { to?: string } = {}): Promise<OutboxMail[]> {
    const { mails } = await this.http.request<{ mails: OutboxMail[] }>('GET', '/api/v1/dev/outbox', { query: { to: options.to } });
    return mails;
  }
}
