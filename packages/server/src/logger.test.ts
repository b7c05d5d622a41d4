import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { loggerOptions } from './logger';

describe('the server log', () => {
  it('keeps tokens, passwords and Authorization headers out of the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions(loadConfig({ NODE_ENV: 'test', LOG_FORMAT: 'json', LOG_LEVEL: 'info' }));
    const app = Fastify({ logger: { ...(options as object), stream } });
    app.post('/login', async (request) => {
      request.log.info({ body: request.body }, 'login attempt');
      return { ok: true };
    });
    await app.inject({
      method: 'POST',
      url: '/login?token=secret-mail-token&page=2',
      headers: { authorization: 'Bearer secret-access-token' },
      payload: { email: 'a@example.test', password: 'secret-password', refreshToken: 'secret-refresh' },
    });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('token=[redacted]&page=2');
    expect(log).toContain('a@example.test');
    for (const secret of ['secret-mail-token', 'secret-access-token', 'secret-password', 'secret-refresh'])
      expect(log).not.toContain(secret);
  });
});
