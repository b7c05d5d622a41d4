import { expect } from 'vitest';
import type { TestServer } from './server';

/** The server's Prometheus exposition, fetched with the token as a scraper would. */
export async function scrape(server: TestServer, token: string): Promise<Metrics> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Metrics(await response.text());
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** One scrape's samples, read by name and labels. */
export class Metrics {
  constructor(readonly text: string) {}

  /** The sample with exactly these labels; 0 when the series does not exist (yet). */
  value(name: string, labels: Record<string, string> = {}): number {
    const wanted = JSON.stringify(Object.entries(labels).sort());
    for (const line of this.text.split('\n')) {
      const match = SAMPLE.exec(line);
      if (!match || match[1] !== name) continue;
      const found = [...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]);
      if (JSON.stringify(found.sort()) === wanted) return Number(match[3]);
    }
    return 0;
  }

  /** Every label set of a metric's samples (to check what the series are keyed by). */
  labelSets(name: string): Record<string, string>[] {
    return this.text
      .split('\n')
      .map((line) => SAMPLE.exec(line))
      .filter((match): match is RegExpExecArray => match !== null && match[1] === name)
      .map((match) => Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]])));
  }
}
