import fp from 'fastify-plugin';
import type { Config } from '../config';
import { DevOutbox } from '../mail/dev-outbox';
import type { Mailer } from '../mail/mailer';
import { smtpMailer } from '../mail/smtp';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
    /** The dev outbox, when mail is logged instead of sent. */
    outbox: DevOutbox | null;
  }
}

export const mailPlugin = fp<{ mail: Config['mail'] }>(
  async (app, { mail }) => {
    const outbox = mail.kind === 'log' ? new DevOutbox(app.log) : null;
    const mailer = outbox ?? (mail.kind === 'smtp' ? smtpMailer(mail.url, mail.from) : null);
    if (!mailer) throw new Error('tipchat: no mail transport configured');
    app.addHook('onClose', () => mailer.close());
    app.decorate('mailer', mailer);
    app.decorate('outbox', outbox);
  },
  { name: 'tipchat-mail' },
);
