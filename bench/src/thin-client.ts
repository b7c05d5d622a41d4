import WebSocket from 'ws';
import { readStamp } from './latency';
import { decodeEngine, decodeSocket, socketFrame } from './wire';

/** Where load clients connect: a socket.io server (speaking its wire protocol) or a plain WebSocket. */
export interface Target {
  protocol: 'socket.io' | 'ws';
  /** ws://… — for socket.io, the Engine.IO WebSocket URL (see socketIoUrl). */
  url: string;
  /** socket.io handshake auth, sent in the CONNECT packet. */
  auth?: Record<string, unknown>;
}

/** Told the send time of every stamped message a client receives. */
export type OnStamp = (sentAtMicros: number) => void;

const PING = 0x32; // '2'
const MESSAGE = 0x34; // '4'
const EVENT = 0x32; // '2' after the '4'

/**
 * One load client: a bare `ws` socket, no socket.io-client. The hot path (an EVENT frame) only
 * looks for the stamp; control frames (open, CONNECT, CONNECT_ERROR, close) go through the codec.
 * Resolves once socket.io has accepted the connection (or the WebSocket is open).
 */
export function connectThin(target: Target, onStamp: OnStamp, onClose: (ws: WebSocket) => void, timeoutMs = 20_000): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target.url, { perMessageDeflate: false, skipUTF8Validation: true });
    let connected = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      if (!connected) reject(error);
      ws.terminate();
    };
    const timer = setTimeout(() => fail(new Error(`no connection in ${timeoutMs} ms`)), timeoutMs);
    const accept = () => {
      connected = true;
      clearTimeout(timer);
      resolve(ws);
    };
    ws.on('error', fail);
    ws.on('close', () => {
      if (connected) onClose(ws);
      else fail(new Error('closed before connecting'));
    });

    if (target.protocol === 'ws') {
      ws.on('open', accept);
      ws.on('message', (data: Buffer) => {
        const stamp = readStamp(data);
        if (stamp >= 0) onStamp(stamp);
      });
      return;
    }

    ws.on('message', (data: Buffer) => {
      if (data.length === 1 && data[0] === PING) return ws.send('3');
      if (data[0] === MESSAGE && data[1] === EVENT) {
        const stamp = readStamp(data);
        if (stamp >= 0) onStamp(stamp);
        return;
      }
      const packet = decodeEngine(data.toString());
      if (packet.type === 'open') ws.send(socketFrame({ type: 'connect', nsp: '/', data: target.auth ?? {} }));
      else if (packet.type === 'close') ws.close();
      else if (packet.type === 'message') {
        const inner = decodeSocket(packet.data);
        if (inner.type === 'connect') accept();
        else if (inner.type === 'connect_error') fail(new Error(`refused: ${JSON.stringify(inner.data)}`));
        else if (inner.type === 'disconnect') ws.close();
      }
    });
  });
}
