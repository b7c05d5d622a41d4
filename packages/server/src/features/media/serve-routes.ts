import { mediaExtension, mediaFileParamsSchema } from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors';
import { errorResponses } from '../../plugins/error-responses';
import type { FeatureDeps } from '../deps';
import { BuiltinSounds } from './builtin-sounds';
import { sendFile } from './files';

/** The built-in sounds' names are not their content: a day, then revalidated by ETag (a new release may change them). */
const BUILTIN_CACHE = 'public, max-age=86400';

import { readFile } from './queries';

const tags = ['media'];

/**
 * Uploaded media at `/media/<sha256>.<ext>` and the built-in sounds at `/media/sounds/<name>.wav`,
 * beside the overlay page (whose CSP admits this origin for images and media). Both read from
 * the database or the package, so every server process answers the same bytes.
 */
export const mediaFileRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps }> = async (app, { deps }) => {
  const sounds = new BuiltinSounds();

  app.get(
    '/media/:file',
    {
      schema: {
        tags,
        summary: 'An uploaded image, video or sound, by the sha256 of its bytes (immutable: cached for a year)',
        params: mediaFileParamsSchema,
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) => {
      const [sha256 = '', extension] = request.params.file.split('.');
      const file = await readFile(deps.sql, sha256);
      if (!file || mediaExtension(file.mediaType) !== extension) throw notFound('File');
      return sendFile(request, reply, { hash: sha256, type: file.mediaType, bytes: file.bytes });
    },
  );

  app.get(
    '/media/sounds/:name',
    {
      schema: {
        tags,
        summary: 'A built-in alert sound (chime, coin, fanfare, pop), as WAV',
        params: z.strictObject({ name: z.string().max(40) }),
        response: errorResponses(400, 404),
      },
    },
    async (request, reply) => {
      const name = request.params.name.replace(/\.wav$/, '');
      if (!sounds.isBuiltin(name) || !request.params.name.endsWith('.wav')) throw notFound('Sound');
      const sound = await sounds.get(name);
      return sendFile(request, reply, { hash: sound.hash, type: 'audio/wav', bytes: sound.bytes }, BUILTIN_CACHE);
    },
  );
};
