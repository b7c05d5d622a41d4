import nodemailer from 'nodemailer';
import type { Mail, Mailer } from './mailer';

export function smtpMailer(url: string, from: string): Mailer {
  // Bounded waits: the mail queue delivers one mail at a time, so a hung SMTP server must not stall it for minutes.
  // Settings in the URL's query still win.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(mail: Mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    async close() {
      transport.close();
    },
  };
}
