import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../errors';
import { errorHandlerPlugin } from '../../plugins/error-handler';
import { WebhookVerificationError } from '../../providers/webhook-errors';
import { type WebhookReceiver, webhookEndpoint } from './endpoint';

// The pipeline on its own, with a provider that "signs" by a header: what reaches the verifier, what is applied, what
// is answered and logged. The real providers' deliveries go through it in test/tips and test/payouts.

interface Event {
  id: string;
}

/** A delivery is genuine when `x-sig` is `ok`; its body is a JSON list of event ids. */
function receiver(applied: string[], seen: Buffer[], apply?: (event: Event) => Promise<string>): WebhookReceiver<Event> {
  return {
    provider: 'acme',
    parse(raw, headers) {
      seen.push(raw);
      if (headers['x-sig'] !== 'ok') throw new WebhookVerificationError('stripe', 'signature_mismatch', 'Bad signature');
      if (headers['x-crash'] === 'yes') throw new Error('our own bug');
      return (JSON.parse(raw.toString('utf8')) as string[]).map((id) => ({ id }));
    },
    apply:
      apply ??
      (async (event, body) => {
        applied.push(`${event.id}:${body.length}`);
        return applied.filter((entry) => entry.startsWith(`${event.id}:`)).length > 1 ? 'duplicate' : 'applied';
      }),
  };
}

let app: FastifyInstance | undefined;
afterEach(() => app?.close());

async function start(options: { configured?: boolean; apply?: (event: Event) => Promise<string> } = {}) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const applied: string[] = [];
  const seen: Buffer[] = [];
  const server = Fastify({ logger: { level: 'info', stream } }).withTypeProvider<ZodTypeProvider>();
  app = server;
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  await server.register(errorHandlerPlugin);
  await server.register(
    webhookEndpoint<Event, { provider: 'acme' | 'other' }>({
      path: '/webhooks/:provider',
      summary: 'test',
      params: z.strictObject({ provider: z.enum(['acme', 'other']) }),
      refusals: [400, 404, 415],
      receiver: ({ provider }) => (provider === 'acme' && options.configured !== false ? receiver(applied, seen, options.apply) : null),
      unconfigured: ({ provider }) => `${provider} is not configured on this server`,
      logs: {
        refused: 'test webhook refused',
        processed: ({ provider, events, outcomes }) => ({
          fields: { provider, events: events.map((e) => e.id), outcomes },
          message: 'test webhook processed',
        }),
      },
    }),
  );
  const post = (path: string, body: string, headers: Record<string, string> = { 'x-sig': 'ok' }) =>
    server.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', ...headers } });
  const logged = (message: string) =>
    lines
      .filter((line) => line.msg === message)
      .map(({ level, provider, reason, events, outcomes }) => ({ level, provider, reason, events, outcomes }));
  return { post, applied, seen, logged };
}

describe('the webhook endpoint pipeline', () => {
  it('verifies the exact bytes sent, applies each event in order and acknowledges with their outcomes', async () => {
    const { post, applied, seen, logged } = await start();
    const body = '[ "evt_1",\n  "evt_2" ]';
    const answer = await post('/webhooks/acme', body);
    expect({ status: answer.statusCode, body: answer.json() }).toEqual({
      status: 200,
      body: { received: true, outcomes: ['applied', 'applied'] },
    });
    expect(seen.map((raw) => raw.toString('utf8'))).toEqual([body]);
    expect(applied).toEqual([`evt_1:${body.length}`, `evt_2:${body.length}`]);
    expect((await post('/webhooks/acme', '["evt_1"]')).json()).toEqual({ received: true, outcomes: ['duplicate'] });
    expect(logged('test webhook processed')).toEqual([
      { level: 30, provider: 'acme', events: ['evt_1', 'evt_2'], outcomes: ['applied', 'applied'] },
      { level: 30, provider: 'acme', events: ['evt_1'], outcomes: ['duplicate'] },
    ]);
  });

  it('refuses a delivery that fails verification with 400 and its reason, logs a warning and applies nothing', async () => {
    const { post, applied, logged } = await start();
    const answer = await post('/webhooks/acme', '["evt_1"]', { 'x-sig': 'forged' });
    expect({ status: answer.statusCode, body: answer.json() }).toEqual({
      status: 400,
      body: { error: { code: 'WEBHOOK_SIGNATURE_INVALID', message: 'Bad signature', details: { reason: 'signature_mismatch' } } },
    });
    expect(applied).toEqual([]);
    expect(logged('test webhook refused')).toEqual([{ level: 40, provider: 'acme', reason: 'signature_mismatch' }]);
  });

  it('answers 404 for a provider not configured here, 400 for an unknown one, 415 for anything but JSON', async () => {
    const unconfigured = await start({ configured: false });
    const missing = await unconfigured.post('/webhooks/acme', '["evt_1"]');
    expect({ status: missing.statusCode, body: missing.json() }).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'acme is not configured on this server' } },
    });
    expect(unconfigured.seen).toEqual([]);
    await app?.close();

    const { post } = await start();
    expect((await post('/webhooks/paypal', '[]')).json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const text = await post('/webhooks/acme', 'evt_1', { 'x-sig': 'ok', 'content-type': 'text/plain' });
    expect({ status: text.statusCode, code: text.json().error.code }).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('asks for a retry (an error status, nothing acknowledged) when an event fails to apply or parsing hits our bug', async () => {
    const { post } = await start({
      apply: async (event) => {
        if (event.id === 'evt_bad') throw new AppError('PAYMENT_MISMATCH', 'does not match');
        return 'applied';
      },
    });
    const mismatch = await post('/webhooks/acme', '["evt_1", "evt_bad"]');
    expect({ status: mismatch.statusCode, code: mismatch.json().error.code }).toEqual({ status: 422, code: 'PAYMENT_MISMATCH' });
    const crash = await post('/webhooks/acme', '["evt_1"]', { 'x-sig': 'ok', 'x-crash': 'yes' });
    expect({ status: crash.statusCode, code: crash.json().error.code }).toEqual({ status: 500, code: 'INTERNAL' });
  });
});
