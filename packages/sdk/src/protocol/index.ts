export * from './auth';
export * from './channels';
export * from './common';
export * from './currencies';
export * from './dev';
export * from './error-codes';
export * from './health';
export * from './users';
