export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Where mail goes: SMTP in production, the log and the dev outbox otherwise. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}
