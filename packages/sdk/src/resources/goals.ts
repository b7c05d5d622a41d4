import type { HttpClient } from '../http';

export class GoalsResource {
  constructor(private readonly http: HttpClient) {}
}
