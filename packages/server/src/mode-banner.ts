import type { Config } from './config';

/**
 * What the start-up banner must say out loud about this server's safety: in demo and development every convenience
 * that would be a hole on a public server, in production the settings an operator most likely forgot.
 */
export function safetyLines(config: Config): string[] {
  if (config.mode === 'production') return productionWarnings(config);
  const holes: string[] = [];
  if (config.payments.dev) holes.push('simulated checkout: anyone can mark a tip paid with fake money');
  if (config.mail.kind === 'log') holes.push('dev outbox: every mailed link, password resets included, is public at /api/v1/dev/outbox');
  if (!config.secret) holes.push('access tokens are signed with a secret generated into the database (no TIPCHAT_SECRET)');
  if (config.registration === 'open') holes.push('anyone can register (REGISTRATION=open)');
  const label = config.mode === 'demo' ? 'DEMO MODE' : `${config.mode.toUpperCase()} MODE (NODE_ENV=${config.mode})`;
  return [
    `  !! ${label}: NOT SAFE ON A PUBLIC NETWORK OR WITH REAL MONEY`,
    ...holes.map((hole) => `  !!   - ${hole}`),
    '  !! For a real server run `tipchat start` without --demo and NODE_ENV (see docs/security.md).',
  ];
}

function productionWarnings(config: Config): string[] {
  const lines: string[] = [];
  if (config.mail.kind === 'log') {
    lines.push('  !! SMTP_URL is not set: mail (verification and reset links) is only written to this log.');
  }
  if (config.registration === 'open') {
    lines.push('  !! REGISTRATION=open: anyone can register a channel and take tips through your payment accounts.');
  }
  return lines;
}
