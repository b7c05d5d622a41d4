import type { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Sql } from '../db/connection';
import type { EventLog } from '../realtime/event-log';
import type { ChannelAccess } from './access/channel-access';
import type { AccessTokens } from './auth/access-tokens';

/** What channel features are built from; app.ts makes one and hands it to each. */
export interface FeatureDeps {
  sql: Sql;
  config: Config;
  redis: Redis | null;
  tokens: AccessTokens;
  events: EventLog;
  access: ChannelAccess;
}
