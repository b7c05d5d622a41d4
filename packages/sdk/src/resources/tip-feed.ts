import type { HttpClient } from '../http';

export class TipFeedResource {
  constructor(private readonly http: HttpClient) {}
}
