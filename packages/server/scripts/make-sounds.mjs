#!/usr/bin/env node
/**
 * Writes the built-in alert sounds (assets/sounds/*.wav): short tones synthesised here, so they
 * are ours to ship under the project's licence with no third-party sound files. Deterministic:
 * running it again writes the same bytes. 16-bit mono PCM at 22.05 kHz.
 *
 *   node packages/server/scripts/make-sounds.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RATE = 22_050;
const out = fileURLToPath(new URL('../assets/sounds/', import.meta.url));

const sine = (f, t) => Math.sin(2 * Math.PI * f * t);
const triangle = (f, t) => (2 / Math.PI) * Math.asin(sine(f, t));
/** A struck note: fast attack, exponential decay. */
const envelope = (t, decay) => Math.min(1, t / 0.005) * Math.exp(-t / decay);

/** Notes as [start s, frequency Hz, length s, voice(f, t), decay s], mixed into `seconds` of sound. */
function render(seconds, notes) {
  const samples = new Float64Array(Math.round(seconds * RATE));
  for (const [start, frequency, length, voice, decay] of notes) {
    const from = Math.round(start * RATE);
    const to = Math.min(samples.length, from + Math.round(length * RATE));
    for (let i = from; i < to; i++) {
      const t = (i - from) / RATE;
      // A short fade at the note's end: no click.
      const tail = Math.min(1, (to - i) / (0.01 * RATE));
      samples[i] += voice(frequency, t) * envelope(t, decay) * tail;
    }
  }
  const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0) || 1;
  return samples.map((s) => (s / peak) * 0.8);
}

function wav(samples) {
  const data = Buffer.alloc(samples.length * 2);
  for (const [i, s] of samples.entries()) data.writeInt16LE(Math.round(s * 32_767), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** A bell: the fundamental and two inharmonic partials. */
const bell = (f, t) => sine(f, t) + 0.5 * sine(f * 2.76, t) + 0.25 * sine(f * 5.4, t);
/** A bright, slightly hollow tone for the coin. */
const square = (f, t) => Math.tanh(4 * sine(f, t));
/** A blip falling in pitch. */
const drop = (f, t) => sine(f * (1 - t * 2.5), t);

const SOUNDS = {
  chime: render(1.4, [
    [0, 1318.5, 1.4, bell, 0.45],
    [0.18, 1975.5, 1.2, bell, 0.4],
  ]),
  coin: render(0.6, [
    [0, 987.8, 0.09, square, 0.2],
    [0.08, 1318.5, 0.52, square, 0.15],
  ]),
  fanfare: render(1.5, [
    [0, 523.3, 0.3, triangle, 0.35],
    [0.15, 659.3, 0.3, triangle, 0.35],
    [0.3, 784.0, 0.3, triangle, 0.35],
    [0.45, 1046.5, 1.05, triangle, 0.5],
    [0.45, 784.0, 1.05, triangle, 0.5],
  ]),
  pop: render(0.25, [[0, 900, 0.25, drop, 0.06]]),
};

mkdirSync(out, { recursive: true });
for (const [name, samples] of Object.entries(SOUNDS)) {
  const bytes = wav(samples);
  writeFileSync(new URL(`${name}.wav`, `file://${out}`), bytes);
  console.log(`${name}.wav  ${bytes.length} bytes`);
}
