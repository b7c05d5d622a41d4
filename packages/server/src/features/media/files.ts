import type { FastifyReply, FastifyRequest } from 'fastify';

/** Content-hashed names never change meaning: cache them for a year, and never revalidate. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Sends bytes that a name derived from their content identifies: the immutable caching headers (by default),
 * a strong ETag of that hash (a 304 when the client holds it), and the true type with `nosniff`,
 * so no browser reads an upload as anything but what it was checked to be. Any site may embed
 * them (the overlay elements run on streamers' own pages too).
 */
export function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: { hash: string; type: string; bytes: Buffer },
  cacheControl = IMMUTABLE,
) {
  const etag = `"${file.hash}"`;
  reply
    .header('cache-control', cacheControl)
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-resource-policy', 'cross-origin');
  const held = request.headers['if-none-match'];
  if (held?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
  return reply.type(file.type).send(file.bytes);
}
