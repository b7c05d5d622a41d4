import type { HttpClient } from '../http';

export class AlertsResource {
  constructor(private readonly http: HttpClient) {}
}
