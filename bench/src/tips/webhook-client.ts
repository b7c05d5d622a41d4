import { Agent, request } from 'node:http';

/** A delivery the server did not acknowledge with 200: `code` is the API's error code or the status. */
export class WebhookRefused extends Error {
  override name = 'WebhookRefused';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface WebhookAck {
  received: true;
  outcomes: string[];
}

/** Below tipchat's default KEEP_ALIVE_TIMEOUT_MS (72 s). */
const IDLE_CONNECTION_MS = 30_000;

/**
 * POSTs signed deliveries to `/api/v1/webhooks/stripe` over kept-alive connections, at most
 * `maxSockets` of them, the way a provider's webhook sender reuses its connections. node:http
 * rather than fetch: it costs the bench process less CPU per request, and that process shares
 * the machine with the server.
 */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets: number) {
    // An idle connection is closed here after 30 s, before the server's keep-alive (72 s) closes it: one closed by
    // the server as a delivery is sent on it fails with ECONNRESET (1 of 1,000 deliveries at 50/s on 2026-12-07,
    // after the connections the warm-up opened had sat idle).
    this.agent = new Agent({ keepAlive: true, maxSockets, timeout: IDLE_CONNECTION_MS });
    this.url = new URL('/api/v1/webhooks/stripe', baseUrl);
  }

  post(body: Buffer, headers: Record<string, string>, timeoutMs = 60_000): Promise<WebhookAck> {
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(body.length) }, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(
                new WebhookRefused(apiErrorCode(text) ?? `HTTP_${res.statusCode}`, `webhook → ${res.statusCode} ${text.slice(0, 300)}`),
              );
              return;
            }
            try {
              resolve(JSON.parse(text) as WebhookAck);
            } catch {
              reject(new WebhookRefused('BAD_ACK', `webhook → 200 with a body that is not JSON: ${text.slice(0, 100)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new WebhookRefused('TIMEOUT', `webhook: no answer in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function apiErrorCode(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : null;
  } catch {
    return null;
  }
}
