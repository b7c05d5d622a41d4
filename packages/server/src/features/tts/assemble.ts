import type { FeatureDeps } from '../deps';
import { EspeakEngine } from './engine';
import { TtsService } from './service';

/** The speech feature with its engine: eSpeak-NG in a child process, started on the first request. */
export function assembleTts(deps: FeatureDeps): TtsService {
  return new TtsService(deps, new EspeakEngine());
}
