export { buildServer, type TipchatServer } from './app';
export { type Config, ConfigError, loadConfig } from './config';
export { type Database, openDatabase, type Sql } from './db/connection';
export { loadMigrations, migrate } from './db/migrator';
export { AppError } from './errors';
export { DevOutbox } from './mail/dev-outbox';
export type { Mail, Mailer } from './mail/mailer';
