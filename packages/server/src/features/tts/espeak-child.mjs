// The eSpeak-NG engine, run as a child process of the tipchat server (engine.ts forks it on the
// first speech request). eSpeak-NG is GPL-3.0: it runs here, as a separate program the server
// talks to over IPC messages, never linked into the server itself. Plain JavaScript, so the same
// file runs from the source tree and from an installed package.
//
// Request:  { id, text, voice, rate, volume }  (volume 0–100)
// Answer:   { id, wav: Uint8Array } or { id, error: string }
import espeakModule from '@echogarden/espeak-ng-emscripten';

const engine = await espeakModule();
const worker = new engine.eSpeakNGWorker();
const sampleRate = worker.get_samplerate();

/** 16-bit mono PCM samples as a WAV file: the 44-byte RIFF header, then the samples (little-endian). */
function wavOf(chunks) {
  const samples = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at, text) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  let at = 44;
  for (const chunk of chunks) {
    for (const sample of chunk) {
      view.setInt16(at, sample, true);
      at += 2;
    }
  }
  return bytes;
}

function synthesise({ text, voice, rate, volume }) {
  // set_voice answers non-zero for a voice it does not have, and keeps the previous one.
  if (worker.set_voice(voice) !== 0) throw new Error(`eSpeak-NG has no voice "${voice}"`);
  worker.set_rate(rate);
  worker.set_volume(volume);
  const chunks = [];
  worker.synthesize(text, (samples) => {
    chunks.push(samples);
    return 0; // go on
  });
  return wavOf(chunks);
}

process.on('message', (request) => {
  try {
    process.send({ id: request.id, wav: synthesise(request) });
  } catch (error) {
    process.send({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The server goes, the engine goes.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
