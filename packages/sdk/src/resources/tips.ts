import type { HttpClient } from '../http';

export class TipsResource {
  constructor(private readonly http: HttpClient) {}
}
