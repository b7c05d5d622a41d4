import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { Histogram, quantile, readStamp, stampText } from '../src/latency';
import { connectThin } from '../src/thin-client';
import { decodeEngine, decodeSocket, encodeEngine, encodeSocket, socketFrame, socketIoUrl, WireError } from '../src/wire';

describe('Engine.IO packets', () => {
  it('decodes the open packet with its session and ping settings', () => {
    const packet = decodeEngine('0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
    expect(packet).toEqual({
      type: 'open',
      data: { sid: 'abc', upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 },
    });
  });

  it('round-trips ping, pong (with and without probe data), close, noop and message packets', () => {
    for (const frame of ['2', '3', '2probe', '3probe', '1', '6', '42["x",1]']) expect(encodeEngine(decodeEngine(frame))).toBe(frame);
  });

  it('refuses a frame that is not an Engine.IO packet', () => {
    expect(() => decodeEngine('9hello')).toThrow(WireError);
    expect(() => decodeEngine('')).toThrow(WireError);
  });
});

describe('socket.io packets', () => {
  it('encodes a CONNECT with auth the way socket.io-client does', () => {
    expect(socketFrame({ type: 'connect', nsp: '/', data: { channel: 'my-channel' } })).toBe('40{"channel":"my-channel"}');
    expect(socketFrame({ type: 'connect', nsp: '/' })).toBe('40');
  });

  it('encodes an EVENT with an ack id, and decodes the ACK that answers it', () => {
    expect(encodeSocket({ type: 'event', nsp: '/', id: 12, data: ['chat:send', { text: 'hi' }] })).toBe('212["chat:send",{"text":"hi"}]');
    expect(decodeSocket('312[{"ok":true}]')).toEqual({ type: 'ack', nsp: '/', id: 12, data: [{ ok: true }] });
  });

  it('decodes namespaces, connect answers and connect errors', () => {
    expect(decodeSocket('2/admin,["ping"]')).toEqual({ type: 'event', nsp: '/admin', data: ['ping'] });
    expect(decodeSocket('0{"sid":"x1"}')).toEqual({ type: 'connect', nsp: '/', data: { sid: 'x1' } });
    expect(decodeSocket('4{"message":"no","data":{"code":"NOT_FOUND"}}')).toEqual({
      type: 'connect_error',
      nsp: '/',
      data: { message: 'no', data: { code: 'NOT_FOUND' } },
    });
    expect(encodeSocket(decodeSocket('2/admin,7["a",{"b":[1,2]}]'))).toBe('2/admin,7["a",{"b":[1,2]}]');
  });

  it('refuses binary packets and an EVENT without a name', () => {
    expect(() => decodeSocket('51-["upload",{"_placeholder":true,"num":0}]')).toThrow(/Binary/);
    expect(() => decodeSocket('2{"not":"an array"}')).toThrow(WireError);
    expect(() => decodeSocket('2/admin["x"]')).toThrow(/Namespace/);
  });

  it('builds the WebSocket URL socket.io-client opens', () => {
    expect(socketIoUrl('http://127.0.0.1:4000')).toBe('ws://127.0.0.1:4000/socket.io/?EIO=4&transport=websocket');
  });
});

describe('latency stamps', () => {
  it('reads the send time back out of a text, a JSON frame or its bytes', () => {
    const text = stampText(7, 123456789);
    const frame = `42${JSON.stringify(['event', { type: 'chat.message', data: { text } }])}`;
    expect(readStamp(text)).toBe(123456789);
    expect(readStamp(frame)).toBe(123456789);
    expect(readStamp(Buffer.from(frame))).toBe(123456789);
  });

  it('answers -1 for frames without a complete stamp', () => {
    expect(readStamp('42["ready",{"lastSeq":0}]')).toBe(-1);
    expect(readStamp('~t123')).toBe(-1);
    expect(readStamp('~t12x~')).toBe(-1);
  });

  it('gives percentiles within the histogram precision (1%)', () => {
    const histogram = new Histogram();
    for (let us = 1; us <= 10_000; us++) histogram.record(us);
    expect(histogram.quantile(0.5)).toBeGreaterThan(4_950);
    expect(histogram.quantile(0.5)).toBeLessThan(5_100);
    expect(histogram.quantile(0.99)).toBeGreaterThan(9_850);
    expect(histogram.quantile(0.99)).toBeLessThan(10_100);
    const merged = new Histogram();
    merged.merge(histogram.sparse());
    expect(merged.total).toBe(10_000);
    expect(merged.quantile(0.99)).toBe(histogram.quantile(0.99));
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2);
  });
});

describe('thin client against a real socket.io server', () => {
  const http = createServer();
  const io = new Server(http);
  let url = '';

  beforeAll(async () => {
    io.use((socket, next) => {
      if (socket.handshake.auth.channel === 'refuse-me') next(Object.assign(new Error('no such channel'), { data: { code: 'NOT_FOUND' } }));
      else next();
    });
    io.on('connection', (socket) => {
      socket.join(String(socket.handshake.auth.channel));
      socket.emit('ready', { lastSeq: 0 });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = socketIoUrl(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
  });

  afterAll(async () => {
    await io.close();
  });

  it('connects with auth, receives broadcast events and reads their stamps', async () => {
    const stamps: number[] = [];
    const ws: WebSocket = await connectThin(
      { protocol: 'socket.io', url, auth: { channel: 'room-a' } },
      (s) => stamps.push(s),
      () => {},
    );
    io.to('room-a').emit('event', { type: 'chat.message', data: { text: stampText(1, 42) } });
    io.to('room-b').emit('event', { type: 'chat.message', data: { text: stampText(2, 43) } });
    io.to('room-a').emit('event', { type: 'chat.message', data: { text: stampText(3, 44) } });
    await expect.poll(() => stamps).toEqual([42, 44]);
    ws.close();
  });

  it('surfaces a refused handshake with the server’s error data', async () => {
    await expect(
      connectThin(
        { protocol: 'socket.io', url, auth: { channel: 'refuse-me' } },
        () => {},
        () => {},
      ),
    ).rejects.toThrow(/NOT_FOUND/);
  });
});
