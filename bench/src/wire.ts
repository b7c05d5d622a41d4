/**
 * The socket.io wire protocol as it travels over a WebSocket: Engine.IO v4 packets (one per
 * frame), and socket.io v5 packets inside Engine.IO `message` packets. Enough of it for a thin
 * client that a thousand-fold load can afford: no polling transport, no binary attachments.
 *
 *   Engine.IO   0{open json} 1 close  2 ping  3 pong  4<message>  5 upgrade  6 noop
 *   socket.io   0 CONNECT  1 DISCONNECT  2 EVENT  3 ACK  4 CONNECT_ERROR   (inside a 4…)
 *               e.g. 40{"channel":"x"}   42["event",{…}]   4212["chat:send",{…}]   4312[{…}]
 */

export interface OpenInfo {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

export type EnginePacket =
  | { type: 'open'; data: OpenInfo }
  | { type: 'close' }
  | { type: 'ping'; data?: string }
  | { type: 'pong'; data?: string }
  | { type: 'message'; data: string }
  | { type: 'upgrade' }
  | { type: 'noop' };

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

export class WireError extends Error {
  override name = 'WireError';
}

export function encodeEngine(packet: EnginePacket): string {
  const code = ENGINE_TYPES.indexOf(packet.type);
  if (packet.type === 'open') return `${code}${JSON.stringify(packet.data)}`;
  if ('data' in packet && packet.data !== undefined) return `${code}${packet.data}`;
  return String(code);
}

export function decodeEngine(frame: string): EnginePacket {
  const type = ENGINE_TYPES[Number(frame[0])];
  const rest = frame.slice(1);
  switch (type) {
    case 'open':
      return { type, data: JSON.parse(rest) as OpenInfo };
    case 'ping':
    case 'pong':
      return rest ? { type, data: rest } : { type };
    case 'message':
      return { type, data: rest };
    case 'close':
    case 'upgrade':
    case 'noop':
      return { type };
    default:
      throw new WireError(`Not an Engine.IO packet: ${JSON.stringify(frame.slice(0, 20))}`);
  }
}

export type SocketPacketType = 'connect' | 'disconnect' | 'event' | 'ack' | 'connect_error';

export interface SocketPacket {
  type: SocketPacketType;
  /** Namespace; '/' is the default and is left out of the encoding. */
  nsp: string;
  /** Present on an EVENT that wants an acknowledgement, and on the ACK that answers it. */
  id?: number;
  /** CONNECT: auth (client) or { sid } (server); EVENT: [name, ...args]; ACK: [...args]; CONNECT_ERROR: { message, data? }. */
  data?: unknown;
}

const SOCKET_TYPES: SocketPacketType[] = ['connect', 'disconnect', 'event', 'ack', 'connect_error'];

/** A socket.io packet as the payload of an Engine.IO message packet (without the leading `4`). */
export function encodeSocket(packet: SocketPacket): string {
  let out = String(SOCKET_TYPES.indexOf(packet.type));
  if (packet.nsp !== '/') out += `${packet.nsp},`;
  if (packet.id !== undefined) out += String(packet.id);
  if (packet.data !== undefined) out += JSON.stringify(packet.data);
  return out;
}

export function decodeSocket(payload: string): SocketPacket {
  const code = payload.charCodeAt(0) - 48;
  const type = SOCKET_TYPES[code];
  if (type === undefined) {
    // 5 and 6 are the binary variants, which a JSON-only client never asks for.
    throw new WireError(
      code === 5 || code === 6
        ? 'Binary socket.io packets are not supported'
        : `Not a socket.io packet: ${JSON.stringify(payload.slice(0, 20))}`,
    );
  }
  let i = 1;
  let nsp = '/';
  if (payload[i] === '/') {
    const comma = payload.indexOf(',', i);
    if (comma === -1) throw new WireError('Namespace without a closing comma');
    nsp = payload.slice(i, comma);
    i = comma + 1;
  }
  let digits = '';
  while (i < payload.length && payload.charCodeAt(i) >= 48 && payload.charCodeAt(i) <= 57) digits += payload[i++];
  const packet: SocketPacket = { type, nsp };
  if (digits) packet.id = Number(digits);
  if (i < payload.length) packet.data = JSON.parse(payload.slice(i));
  if (type === 'event' && (!Array.isArray(packet.data) || typeof packet.data[0] !== 'string')) {
    throw new WireError('An EVENT carries an array that starts with the event name');
  }
  return packet;
}

/** The whole WebSocket frame for a socket.io packet. */
export function socketFrame(packet: SocketPacket): string {
  return encodeEngine({ type: 'message', data: encodeSocket(packet) });
}

/** The WebSocket URL a socket.io client opens (no polling first, as `transports: ['websocket']`). */
export function socketIoUrl(httpUrl: string, path = '/socket.io/'): string {
  const url = new URL(path, httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('EIO', '4');
  url.searchParams.set('transport', 'websocket');
  return url.toString();
}
