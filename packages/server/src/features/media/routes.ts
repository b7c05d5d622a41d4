import { channelParamsSchema, MAX_VIDEO_BYTES, mediaListSchema, mediaUploadSchema, okSchema } from '@tipchat/sdk/protocol';
import { z } from 'zod';
import { AppError } from '../../errors';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import type { MediaService } from './service';

const tags = ['media'];
const errors = errorResponses(400, 401, 403, 404);
const uploadParamsSchema = channelParamsSchema.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/, 'A sha256 in lowercase hex') });

/**
 * The streamer's uploads for alerts. A file is sent as the raw request body (one file per
 * request, any Content-Type): the server reads what it is from its bytes anyway, so a multipart
 * envelope would add a parser and a dependency and tell it nothing. The body limit is the largest
 * kind's (video); each kind's own limit is checked once the bytes say what they are.
 */
export const mediaRoutes = channelScoped<{ deps: FeatureDeps; media: MediaService }>(async (app, { media }) => {
  // This plugin's routes only: every body is bytes, whatever it says it is.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_VIDEO_BYTES }, (_request, body, done) => done(null, body));

  app.post(
    '/media',
    {
      config: { channelRole: 'streamer' },
      // The channel and caller are resolved after the body is read; a request with no credential
      // at all is refused before 15 MB of it are buffered.
      onRequest: async (request) => {
        if (!request.headers.authorization) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      },
      schema: {
        tags,
        security: bearerSecurity,
        summary:
          'Upload an image (PNG, JPEG, GIF, WebP; 5 MB), video (WebM, MP4; 15 MB) or sound (MP3, Ogg, WAV; 5 MB) for alerts, as the raw body; the type is read from the bytes (415 otherwise). 201 when stored, 200 when these bytes were already',
        params: channelParamsSchema,
        response: {
          200: mediaUploadSchema,
          201: mediaUploadSchema,
          ...errors,
          ...errorResponses(409, 413, 415),
        },
      },
    },
    async (request, reply) => {
      const { body } = request;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new AppError('BAD_REQUEST', 'Send the file as the request body');
      const { upload, created } = await media.upload(request.channelContext.channel, body);
      return reply.code(created ? 201 : 200).send(upload);
    },
  );

  app.get(
    '/media',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: "The channel's uploads, newest first, and how much of the quota they use",
        params: channelParamsSchema,
        response: { 200: mediaListSchema, ...errors },
      },
    },
    async (request) => media.list(request.channelContext.channel),
  );

  app.delete(
    '/media/:sha256',
    {
      config: { channelRole: 'streamer' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Remove an upload; alerts that name it play without it',
        params: uploadParamsSchema,
        response: { 200: okSchema, ...errors },
      },
    },
    async (request) => {
      await media.remove(request.channelContext.channel, request.params.sha256);
      return { ok: true as const };
    },
  );
});
