import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { chatEvent, measured } from './measure';

/**
 * Baseline 2: node:http + `ws`, the floor. POST /send serialises the event once and writes the
 * same bytes to every socket.
 */
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
let seq = 0;

const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/send') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const { text } = JSON.parse(Buffer.concat(chunks).toString()) as { text: string };
    seq++;
    const frame = Buffer.from(JSON.stringify(chatEvent(seq, text)));
    for (const client of wss.clients) client.send(frame, { binary: false });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ seq }));
  });
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  measured(address.port, async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
});
