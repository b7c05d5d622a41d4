import type { OutboxMail } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Mail, Mailer } from './mailer';

const KEEP = 200;
const LINK = /https?:\/\/[^\s<>"')]+/g;

/**
 * The development transport: prints each mail to the log (so a new user can click the
 * verification link from the terminal) and keeps the last few for the dev outbox route.
 */
export class DevOutbox implements Mailer {
  private readonly mails: OutboxMail[] = [];
  private nextId = 1;

  constructor(private readonly log: FastifyBaseLogger) {}

  async send(mail: Mail): Promise<void> {
    const stored: OutboxMail = {
      id: this.nextId++,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      links: mail.text.match(LINK) ?? [],
      sentAt: new Date().toISOString(),
    };
    this.mails.push(stored);
    if (this.mails.length > KEEP) this.mails.shift();
    const links = stored.links.length > 0 ? ` ${stored.links.join(' ')}` : '';
    this.log.info({ mail: { to: mail.to, subject: mail.subject } }, `mail to ${mail.to}: ${mail.subject}${links}`);
  }

  /** Newest first. */
  list(to?: string): OutboxMail[] {
    const wanted = to?.toLowerCase();
    return this.mails.filter((m) => wanted === undefined || m.to === wanted).reverse();
  }

  async close(): Promise<void> {}
}
