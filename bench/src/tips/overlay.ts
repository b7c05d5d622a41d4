import { type ChannelConnection, createClient } from '@tipchat/sdk';
import { nowMicros } from '../latency';
import type { BenchChannel } from './setup';

/**
 * The overlays of the bench's channels: one SDK realtime connection per channel with its
 * overlay key, as an OBS browser source makes it. Notes when each tip's `alert.queued` (what an
 * overlay plays) and `tip.succeeded` reached the SDK's handlers: the first arrival only.
 */
export class Overlays {
  readonly alertAt = new Map<string, number>();
  readonly tipSucceededAt = new Map<string, number>();
  lastArrivalMicros = 0;
  private readonly connections: ChannelConnection[] = [];

  static async connect(baseUrl: string, channels: BenchChannel[]): Promise<Overlays> {
    const overlays = new Overlays();
    for (const channel of channels) {
      const connection = createClient({ baseUrl, token: channel.overlayKey }).realtime(channel.slug);
      overlays.connections.push(connection);
      connection.on('alert.queued', (event) => overlays.note(overlays.alertAt, event.data.tipId));
      connection.on('tip.succeeded', (event) => overlays.note(overlays.tipSucceededAt, event.data.id));
      const ready = await connection.connect();
      if (ready.role !== 'overlay') throw new Error(`tips bench: the overlay key connected as ${ready.role}, not as an overlay`);
    }
    return overlays;
  }

  private note(arrivals: Map<string, number>, tipId: string) {
    if (arrivals.has(tipId)) return;
    const now = nowMicros();
    arrivals.set(tipId, now);
    this.lastArrivalMicros = now;
  }

  close(): void {
    for (const connection of this.connections) connection.close();
  }
}
