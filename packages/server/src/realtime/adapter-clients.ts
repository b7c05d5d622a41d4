import type { Redis } from 'ioredis';
import type { RedisHealth } from '../plugins/redis-health';
import { subscriberOverrides } from '../plugins/redis-options';

/**
 * The socket.io Redis adapter's two connections. The publisher fails fast like the commands
 * connection, and its failures are dropped here: the adapter publishes without awaiting, so a
 * rejected publish would be an unhandled rejection (a crash) while Redis is away. A lost publish
 * costs nothing lasting: clients fill gaps from the event log by sequence.
 */
export async function adapterClients(redis: Redis, health: RedisHealth | null): Promise<{ pub: Redis; sub: Redis }> {
  const pub = redis.duplicate();
  const sub = redis.duplicate(subscriberOverrides);
  health?.watch(pub, 'socket.io publisher');
  health?.watch(sub, 'socket.io subscriber');
  await Promise.all([pub.connect(), sub.connect()]);
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  Object.assign(pub, {
    publish: (channel: string | Buffer, message: string | Buffer) => publish(channel, message).catch(() => 0),
  });
  return { pub, sub };
}
