import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The sizes a budget is about: what a browser downloads. gzip at level 9 is the budget's
 * measure (every server and CDN can send it); brotli at quality 11 is shown for information,
 * since most browsers get that when the server or CDN offers it.
 * @param {Uint8Array} bytes
 */
export function compressedSizes(bytes) {
  return {
    minified: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 9 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
    }).byteLength,
  };
}

/** 26205 → "25.59 KB" (KB = 1024 bytes, as the budget is written). */
export const kilobytes = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
