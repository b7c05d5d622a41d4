import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import { type Asset, hashedName, SCRIPT_FILES, type ScriptFile, WidgetFiles } from './asset';
import { widgetDistDir } from './locate';
import { matchesEtag, pickEncoding } from './negotiate';

export const WIDGET_PREFIX = '/widget/v1';

/** The stable URLs follow upgrades within a few minutes; the hashed ones never change, so browsers keep them. */
const STABLE_CACHE = 'public, max-age=300';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

const NOT_BUILT =
  'The tipchat widget scripts are not built on this server. Build them with `pnpm --filter @tipchat/widget build`, or point WIDGET_DIST_DIR at a built dist folder.';

const fileParams = z.object({ file: z.string().max(128) });

/** `tipchat.<16 hex>.js`, `tipchat-overlay.<16 hex>.js`, `tipchat-dashboard.<16 hex>.js`: a content-hashed copy. */
const HASHED = /^(tipchat|tipchat-overlay|tipchat-dashboard)\.([0-9a-f]{16})\.js$/;

const isScriptFile = (file: string): file is ScriptFile => (SCRIPT_FILES as readonly string[]).includes(file);

/**
 * The widget's script-tag bundles for streamers' pages, the overlay page and the dashboard page,
 * from the built widget package: `/widget/v1/tipchat.js`, `/widget/v1/tipchat-overlay.js` and
 * `/widget/v1/tipchat-dashboard.js` (stable, cached five minutes), their source maps, content-hashed copies cached for good, and integrity.json
 * with the SRI hash of each. Any origin may load them, as a script or with `crossorigin` (which
 * `integrity` needs).
 */
export const widgetAssetRoutes: FastifyPluginAsyncZod<{ config: Pick<Config, 'widgetDistDir' | 'publicUrl'> }> = async (
  app,
  { config },
) => {
  const files = new WidgetFiles(widgetDistDir(config.widgetDistDir));
  const { publicUrl } = config;
  // Route-level CORS from the security plugin would answer only the dashboard's origin and add
  // `Vary: Origin`; these files are the same for everyone, so every origin gets `*`.
  const routeConfig = { cors: false };

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    // A "not built" answer must not stick in caches once the scripts are built.
    if (reply.statusCode >= 400) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get(`${WIDGET_PREFIX}/integrity.json`, { config: routeConfig, schema: { hide: true } }, async (request, reply) => {
    const listed: Record<string, IntegrityEntry> = {};
    for (const file of SCRIPT_FILES) {
      const asset = await files.get(file);
      if (asset) listed[file] = integrityEntry(file, asset, publicUrl);
    }
    if (Object.keys(listed).length === 0) throw new AppError('NOT_FOUND', NOT_BUILT);
    const body = Buffer.from(`${JSON.stringify({ files: listed }, null, 2)}\n`);
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    return sendBytes(request, reply, body, { etag, contentType: JSON_TYPE, cacheControl: STABLE_CACHE });
  });

  app.get(`${WIDGET_PREFIX}/:file`, { config: routeConfig, schema: { hide: true, params: fileParams } }, async (request, reply) => {
    const { file } = request.params;
    if (isScriptFile(file)) {
      return sendAsset(request, reply, await required(file), { contentType: JAVASCRIPT, cacheControl: STABLE_CACHE });
    }
    if (file.endsWith('.js.map') && isScriptFile(file.slice(0, -'.map'.length))) {
      return sendAsset(request, reply, await required(file), { contentType: JSON_TYPE, cacheControl: STABLE_CACHE });
    }
    const hashed = HASHED.exec(file);
    if (hashed) {
      const stable = `${hashed[1]}.js` as ScriptFile;
      const asset = await required(stable);
      if (asset.contentHash !== hashed[2]) {
        throw new AppError(
          'NOT_FOUND',
          `This server has another version of ${stable} (${hashedName(stable, asset)}); ${WIDGET_PREFIX}/integrity.json lists the current one.`,
        );
      }
      return sendAsset(request, reply, asset, { contentType: JAVASCRIPT, cacheControl: IMMUTABLE_CACHE });
    }
    throw new AppError('NOT_FOUND', `No widget file named ${file}. The scripts are ${SCRIPT_FILES.join(' and ')}.`);
  });

  async function required(file: string): Promise<Asset> {
    const asset = await files.get(file);
    if (!asset) throw new AppError('NOT_FOUND', NOT_BUILT);
    return asset;
  }
};

export interface IntegrityEntry {
  integrity: string;
  bytes: number;
  hashedName: string;
  url: string;
  hashedUrl: string;
}

function integrityEntry(file: ScriptFile, asset: Asset, publicUrl: string): IntegrityEntry {
  const name = hashedName(file, asset);
  return {
    integrity: asset.integrity,
    bytes: asset.bytes.byteLength,
    hashedName: name,
    url: `${publicUrl}${WIDGET_PREFIX}/${file}`,
    hashedUrl: `${publicUrl}${WIDGET_PREFIX}/${name}`,
  };
}

interface Representation {
  contentType: string;
  cacheControl: string;
}

/** Sends a built file compressed as the client accepts, with an ETag per encoding (they are different bytes). */
async function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: Asset, representation: Representation) {
  const encoding = pickEncoding(request.headers['accept-encoding']);
  const etag = `"${asset.contentHash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  reply.header('vary', 'Accept-Encoding');
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return sendBytes(request, reply, await asset.encoded(encoding), { ...representation, etag });
}

/** Answers 304 without a body when the client already has these bytes. */
function sendBytes(request: FastifyRequest, reply: FastifyReply, body: Buffer, options: Representation & { etag: string }) {
  reply.header('etag', options.etag).header('cache-control', options.cacheControl).type(options.contentType);
  if (matchesEtag(request.headers['if-none-match'], options.etag)) return reply.code(304).send();
  return reply.send(body);
}
