import { randomBytes } from 'node:crypto';
import { buildServer, loadConfig } from '@tipchat/server';
import { measured } from './measure';

/**
 * Runs tipchat as the CLI builds it (development mode, loopback, a fresh secret, warnings only — per-request logs
 * would go through the parent's pipe) with what the bench's `env` adds, then serves its measurements: the one start
 * every tipchat bench server shares. Kept apart from measure.ts, so the bare baselines never load tipchat.
 */
export async function serveTipchat(env: Record<string, string | undefined>): Promise<void> {
  const app = await buildServer(
    loadConfig({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      TIPCHAT_SECRET: randomBytes(32).toString('hex'),
      AUTH_RATE_LIMIT: '100000',
      ...env,
    }),
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  measured(address.port, () => app.close());
}
