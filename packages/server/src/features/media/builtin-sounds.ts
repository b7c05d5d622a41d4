import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_SOUNDS, type BuiltinSound } from '@tipchat/sdk/protocol';

/** `assets/sounds` of the server package, found from the source tree (tests) or the built `dist/` alike. */
function soundsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'assets', 'sounds');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tipchat: cannot find the built-in sounds (assets/sounds)');
    dir = parent;
  }
}

export interface SoundFile {
  hash: string;
  bytes: Buffer;
}

/** The built-in alert sounds (scripts/make-sounds.mjs made them), each read once. */
export class BuiltinSounds {
  private readonly loaded = new Map<BuiltinSound, Promise<SoundFile>>();

  isBuiltin(name: string): name is BuiltinSound {
    return (BUILTIN_SOUNDS as readonly string[]).includes(name);
  }

  get(name: BuiltinSound): Promise<SoundFile> {
    let file = this.loaded.get(name);
    if (!file) {
      file = readFile(join(soundsDir(), `${name}.wav`)).then((bytes) => ({
        bytes,
        hash: createHash('sha256').update(bytes).digest('hex'),
      }));
      this.loaded.set(name, file);
    }
    return file;
  }
}
