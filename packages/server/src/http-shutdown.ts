import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How often a closing server looks at the connections it still holds. */
const CHECK_EVERY_MS = 50;

/**
 * Bounds a server's close. Node's `server.close()` ends keep-alive connections between requests
 * but waits for every other one, and stops checking the headers and request timeouts as it
 * closes. So a connection that has sent nothing yet (a browser's pre-connected spare socket)
 * or only part of a request would hold the close, and the restart or deploy behind it, for as
 * long as the client keeps it open: forever, for a browser tab.
 *
 * Once the server has stopped listening, connections that have not sent a byte are closed at
 * once (no request can be lost on them), and so is each connection as soon as its request is
 * answered; requests in flight get `graceMs` to be answered, and whatever is still open then (a
 * half-sent request, an upgraded connection whose own close did not finish) is cut.
 */
export class BoundedClose {
  private readonly sockets = new Set<Socket>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly server: Server,
    private readonly graceMs: number,
    private readonly onCut: (stillOpen: number) => void,
  ) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  /** Called as the close begins; returns at once, and the checks run until every connection is gone. */
  begin(): void {
    if (this.timer) return;
    const deadline = Date.now() + this.graceMs;
    this.timer = setInterval(() => {
      // Until then a connection may still bring a request, which Fastify answers 503 with `Connection: close`.
      if (this.server.listening) return;
      // Those whose request has been answered since the close began, as Node's close did for those idle then.
      this.server.closeIdleConnections();
      const cutAll = Date.now() >= deadline;
      if (cutAll && this.sockets.size > 0) this.onCut(this.sockets.size);
      for (const socket of this.sockets) {
        if (cutAll || socket.bytesRead === 0) socket.destroy();
      }
      if (cutAll || this.sockets.size === 0) this.stop();
    }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
