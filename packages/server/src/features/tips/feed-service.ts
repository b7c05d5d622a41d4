import type { FeatureDeps } from '../deps';

/** The streamer's tip feed: filters, sorting, cursor pages, totals, and marks. */
export class TipFeedService {
  constructor(readonly deps: FeatureDeps) {}
}
