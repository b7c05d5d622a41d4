import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it, for assertions. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body text (form-encoded for Stripe, JSON for Cashfree). */
  body: string;
}

export interface FakeResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (request: RecordedRequest) => FakeResponse;

/**
 * A failure to inject into the next matching request(s).
 * - `status`: answer with that status and the provider's error body, without processing the request (what a
 *   load balancer or an outage looks like: nothing happened, retrying is safe).
 * - `hang`: never answer, so the client times out. With `processed: true` the request takes effect first and only
 *   the response is lost: the case idempotency keys exist for.
 */
export type Fault = { kind: 'status'; status: number } | { kind: 'hang'; processed: boolean };

interface FaultRule {
  fault: Fault;
  remaining: number;
  match: (request: RecordedRequest) => boolean;
}

/** A node:http server on 127.0.0.1 with request recording and fault injection; the provider fakes build on it. */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly server: Server;
  private port_ = 0;

  constructor(
    private readonly handler: FakeHandler,
    private readonly errorBody: (status: number) => unknown,
  ) {
    this.server = createServer((req, res) => this.receive(req, res));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port_ = (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return this.port_;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port_}`;
  }

  /** Makes the next `times` requests that match fail with `fault`. */
  inject(fault: Fault, options: { times?: number; match?: (request: RecordedRequest) => boolean } = {}): void {
    this.faults.push({ fault, remaining: options.times ?? 1, match: options.match ?? (() => true) });
  }

  /** Requests to one method and path prefix, in arrival order. */
  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix));
  }

  async close(): Promise<void> {
    // Hung requests keep their sockets open; close them or close() would wait forever.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(request);
      const rule = this.faults.find((f) => f.remaining > 0 && f.match(request));
      if (rule) rule.remaining -= 1;
      if (rule?.fault.kind === 'status') {
        send(res, { status: rule.fault.status, body: this.errorBody(rule.fault.status) });
        return;
      }
      if (rule?.fault.kind === 'hang') {
        if (rule.fault.processed) this.handler(request);
        return;
      }
      send(res, this.handler(request));
    });
  }
}

function send(res: ServerResponse, response: FakeResponse): void {
  const body = JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...response.headers });
  res.end(body);
}

/**
 * What every fake provider offers a test besides its own API: the recorded requests, injected
 * faults (a 5xx that does nothing, a hang) and shutdown.
 */
export abstract class FakeProvider {
  protected abstract readonly http: FakeHttpServer;

  get requests(): readonly RecordedRequest[] {
    return this.http.requests;
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.http.requestsTo(method, pathPrefix);
  }

  /** The next request (or `times` requests) matching `path` answers `status` with the provider's error body and does nothing. */
  failWith(status: number, options: { times?: number; path?: string } = {}): void {
    this.http.inject({ kind: 'status', status }, { times: options.times, match: matchPath(options.path) });
  }

  /** The next matching request never gets an answer; with `processed`, it takes effect first and only the response is lost. */
  hang(options: { processed: boolean; times?: number; path?: string }): void {
    this.http.inject({ kind: 'hang', processed: options.processed }, { times: options.times, match: matchPath(options.path) });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

function matchPath(path: string | undefined): ((request: RecordedRequest) => boolean) | undefined {
  return path === undefined ? undefined : (request) => request.path.startsWith(path);
}
