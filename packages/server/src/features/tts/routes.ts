import { channelParamsSchema, ttsQuerySchema, ttsSettingsSchema, updateTtsSettingsBodySchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { perMinuteLimit } from '../../limits/route-limits';
import { errorResponses } from '../../plugins/error-responses';
import { bearerOf } from '../access/actor';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { TtsService } from './service';

const tags = ['overlay'];

/** The WAV file is sent as bytes; the reference documents it as the binary it is. */
const wavBody = z
  .custom<Buffer>((value) => Buffer.isBuffer(value))
  .meta({ type: 'string', format: 'binary', description: 'audio/wav: 16-bit mono PCM at 22,050 Hz' });
/** A revalidation of unchanged speech: no body. */
const notModified = z.custom<undefined>((value) => value === undefined).meta({ description: 'Unchanged since the ETag sent' });

/** Each request may run the engine (tens of milliseconds of CPU): per address, generously for a busy stream. */
const SPEECH_LIMIT = { perIp: 120, perDevice: 60 };

/**
 * `GET /api/v1/overlay/:slug/tts?key=tco_…&text=…`: the text spoken as `audio/wav`, for an
 * `<audio>` element on the overlay (OBS captures it like any alert sound). An `<audio>` element
 * cannot send a header, so the overlay key travels in the URL, as on the overlay page; the
 * answer is never cached by shared caches nor sent on as a referrer.
 */
export const ttsSpeechRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; tts: TtsService }> = async (app, { deps, tts }) => {
  const limit = perMinuteLimit(deps, 'tts', SPEECH_LIMIT, 'Too many speech requests');
  app.get(
    '/overlay/:slug/tts',
    {
      preHandler: [limit],
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'The text spoken by the server (eSpeak-NG) in the channel’s voice, blocked terms spoken as "***" (audio/wav); overlay key in `key`, or a staff Bearer token',
        params: channelParamsSchema,
        querystring: ttsQuerySchema,
        produces: ['audio/wav'],
        response: { 200: wavBody, 304: notModified, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      const channel = await deps.access.channel(request.params.slug);
      const actor = await deps.access.actor(channel, request.query.key ?? bearerOf(request.headers.authorization));
      const prepared = await tts.prepare(channel, actor, request.query.text);
      const etag = `"${prepared.hash}"`;
      // Revalidated on every play (the voice may have changed); unchanged speech costs a 304.
      reply.header('etag', etag).header('cache-control', 'private, no-cache').header('referrer-policy', 'no-referrer');
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(undefined);
      const speech = await tts.speak(prepared);
      return reply.type('audio/wav').send(Buffer.from(speech.wav.buffer, speech.wav.byteOffset, speech.wav.byteLength));
    },
  );
};

/** The channel's speech settings: overlays read them, the streamer and moderators change them. */
export const ttsSettingsRoutes = channelScoped<{ deps: FeatureDeps; tts: TtsService }>(async (app, { tts }) => {
  app.get(
    '/tts/settings',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags: ['alerts'],
        security: bearerSecurity,
        summary: 'How alerts are spoken: voice, rate, volume and the smallest tip spoken (overlay, streamer, moderators, API keys)',
        params: channelParamsSchema,
        response: { 200: ttsSettingsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return tts.settings(channel, actor);
    },
  );

  app.patch(
    '/tts/settings',
    {
      config: { channelRole: 'moderator' },
      schema: {
        tags: ['alerts'],
        security: bearerSecurity,
        summary: 'Change how alerts are spoken (streamer and moderators)',
        params: channelParamsSchema,
        body: updateTtsSettingsBodySchema,
        response: { 200: ttsSettingsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return tts.updateSettings(channel, actor, request.body);
    },
  );
});
