import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    external: ['socket.io-client'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('what a browser bundle of the SDK pulls in', () => {
  it('leaves zod out of the client: the protocol reaches it as types only', async () => {
    const inputs = await bundledInputs('../src/index.ts');
    expect(inputs.some((path) => path.includes('src/client.ts'))).toBe(true);
    expect(inputs.filter((path) => path.includes('/zod/'))).toEqual([]);
  });

  it('does include zod in the protocol entry, which the server validates with', async () => {
    const inputs = await bundledInputs('../src/protocol/index.ts');
    expect(inputs.some((path) => path.includes('/zod/'))).toBe(true);
  });
});
