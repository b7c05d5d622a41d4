import type { AddressInfo } from 'node:net';
import { buildServer } from '../../src/app';
import { loadConfig } from '../../src/config';

/**
 * A tipchat server, configured from the environment like the CLI's, that dies by SIGKILL — no
 * shutdown hooks, no flush, like a power cut or the kernel's OOM killer — the moment a payment
 * event's transaction has committed: before the relay, woken by that commit, publishes anything.
 * startCrashingServer (crashing-server.ts) runs it as a child process; it tells the
 * parent its address over the IPC channel.
 */
async function main(): Promise<void> {
  const app = await buildServer(loadConfig());
  const processor = app.services.tips.processor;
  const apply = processor.apply.bind(processor);
  processor.apply = async (provider, event) => {
    const outcome = await apply(provider, event);
    // Right after the commit resolved: the relay it woke needs database round trips before it publishes, and none has come back.
    if (event.kind === 'payment_succeeded' && outcome === 'applied') process.kill(process.pid, 'SIGKILL');
    return outcome;
  };
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}` });
  // A test that fails or is interrupted must not leave this server running.
  process.on('disconnect', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`crashing-server failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
