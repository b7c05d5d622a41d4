import { randomBytes } from 'node:crypto';
import { emailSchema, passwordSchema } from '@tipchat/sdk/protocol';
import { type Config, ConfigError } from './config';
import { openDatabase } from './db/connection';
import { loadMigrations, migrate } from './db/migrator';
import { createAdminAccount } from './features/admin/accounts';
import { createInvite, DEFAULT_INVITE_HOURS } from './features/admin/invites';

export interface AdminOptions {
  email?: string | undefined;
  name?: string | undefined;
  hours?: string | undefined;
  'password-stdin'?: boolean | undefined;
}

/** `tipchat admin create|invite`: operator tasks that work whatever REGISTRATION says, straight on the database. */
export async function adminCommand(config: Config, sub: string | undefined, options: AdminOptions, usage: string): Promise<void> {
  if (sub !== 'create' && sub !== 'invite') throw new ConfigError(`Unknown admin command "${sub ?? ''}".\n\n${usage}`);
  const database = await openDatabase(config.database);
  try {
    await migrate(database.sql, await loadMigrations());
    if (sub === 'invite') {
      const hours = options.hours === undefined ? DEFAULT_INVITE_HOURS : Number(options.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 24 * 90) throw new ConfigError('--hours: a whole number from 1 to 2160');
      const invite = await createInvite(database.sql, null, config.publicUrl, hours);
      process.stdout.write(`Invite (one use, until ${invite.expiresAt}):\n${invite.link}\n`);
      return;
    }
    const email = emailSchema.safeParse(options.email ?? '');
    if (!email.success) throw new ConfigError("--email: give the new admin account's email address");
    const generated = !options['password-stdin'];
    const password = generated ? randomBytes(18).toString('base64url') : await firstLineOfStdin();
    const checked = passwordSchema.safeParse(password);
    if (!checked.success) throw new ConfigError(`password: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    const account = await createAdminAccount(database.sql, {
      email: email.data,
      password: checked.data,
      displayName: options.name?.trim() || email.data.split('@')[0] || 'admin',
    });
    process.stdout.write(`${account.created ? 'Created' : 'Promoted'} admin account ${email.data}\n`);
    if (generated) process.stdout.write(`Password (shown once): ${password}\n`);
  } finally {
    await database.close();
  }
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}
