import { Agent, request } from 'node:http';

/** A send the server did not accept: `code` is the API's error code, or HTTP_<status>, TIMEOUT. */
export class ChatRefused extends Error {
  override name = 'ChatRefused';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * POSTs chat messages to `/api/v1/channels/:slug/chat/messages` as guests over kept-alive
 * connections, at most `maxSockets` of them. node:http rather than fetch: it costs the bench
 * process less CPU per request, and that process shares the machine with the server.
 */
export class ChatRestClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, slug: string, maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
    this.url = new URL(`/api/v1/channels/${slug}/chat/messages`, baseUrl);
  }

  /** Resolves when the server answered 201 (the message is stored and its event committed). */
  send(text: string, guest: { token: string; ip: string }, timeoutMs = 30_000): Promise<void> {
    const body = Buffer.from(JSON.stringify({ text }));
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            authorization: `Bearer ${guest.token}`,
            'x-forwarded-for': guest.ip,
            'content-type': 'application/json',
            'content-length': String(body.length),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            if (res.statusCode === 201) return resolve();
            const text = Buffer.concat(chunks).toString('utf8');
            reject(new ChatRefused(apiErrorCode(text) ?? `HTTP_${res.statusCode}`, `chat send → ${res.statusCode} ${text.slice(0, 300)}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new ChatRefused('TIMEOUT', `chat send: no answer in ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export function apiErrorCode(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : null;
  } catch {
    return null;
  }
}
