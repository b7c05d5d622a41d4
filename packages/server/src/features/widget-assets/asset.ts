import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** The script-tag bundles the server serves, by their stable file name: viewer, overlay, streamer dashboard. */
export const SCRIPT_FILES = ['tipchat.js', 'tipchat-overlay.js', 'tipchat-dashboard.js'] as const;
export type ScriptFile = (typeof SCRIPT_FILES)[number];

export type Encoding = 'br' | 'gzip' | 'identity';

/** One built file as served: its bytes, hashes, and compressed copies made on first request. */
export interface Asset {
  bytes: Buffer;
  /** Subresource Integrity value for `<script integrity>`: `sha384-<base64>`. */
  integrity: string;
  /** 16 hex digits of the sha384: names the content-hashed copy and makes the ETag. */
  contentHash: string;
  /** Compressed bytes for an encoding (identity: the bytes themselves); made once per content. */
  encoded(encoding: Encoding): Promise<Buffer>;
}

/**
 * `tipchat.js` → `tipchat.<hash>.js`. scripts/integrity.mjs in the widget package names the
 * published copies the same way; keep the two in step.
 */
export const hashedName = (file: ScriptFile, asset: Asset) => file.replace(/\.js$/, `.${asset.contentHash}.js`);

interface Cached {
  mtimeMs: number;
  size: number;
  asset: Asset;
}

/**
 * Reads the built widget files, keeping each in memory until it changes on disk: a rebuild
 * while the server runs is served (with new hashes) without a restart, and an unchanged file
 * costs a stat per request, not a read and two hashes.
 */
export class WidgetFiles {
  private readonly cache = new Map<string, Cached>();

  constructor(readonly dir: string) {}

  /** The file's current content, or null when it is not there (not built). */
  async get(file: string): Promise<Asset | null> {
    const path = join(this.dir, file);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      this.cache.delete(file);
      return null;
    }
    if (!info.isFile()) return null;
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.asset;
    const bytes = await readFile(path).catch(() => null);
    if (bytes === null) return null;
    const asset = describe(bytes);
    this.cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, asset });
    return asset;
  }
}

export function describe(bytes: Buffer): Asset {
  const digest = createHash('sha384').update(bytes).digest();
  const encodings = new Map<Encoding, Promise<Buffer>>([['identity', Promise.resolve(bytes)]]);
  return {
    bytes,
    integrity: `sha384-${digest.toString('base64')}`,
    contentHash: digest.toString('hex').slice(0, 16),
    encoded(encoding) {
      let done = encodings.get(encoding);
      if (!done) {
        done =
          encoding === 'br' ? brotliAsync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : gzipAsync(bytes, { level: 9 });
        encodings.set(encoding, done);
      }
      return done;
    },
  };
}
