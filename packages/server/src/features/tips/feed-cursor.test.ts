import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor, type FeedPosition } from './feed-cursor';

const position: FeedPosition = {
  sort: 'amount_desc',
  createdAt: '2024-03-01T12:34:56.123456Z',
  id: '7d444840-9dc0-41d6-8b3b-0e36b3b2a9c1',
  amount: 50_000,
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function refusal(cursor: string, sort: FeedPosition['sort'] = 'amount_desc'): AppError {
  try {
    decodeCursor(cursor, sort);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('tip feed cursors', () => {
  it('decodes what it encoded, microseconds included', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(200);
    expect(decodeCursor(cursor, 'amount_desc')).toEqual(position);
  });

  it('stays within the query limit of 200 characters for the largest amount', () => {
    expect(encodeCursor({ ...position, amount: 1_000_000_000_000 }).length).toBeLessThanOrEqual(200);
  });

  it('refuses a cursor made for another order, naming both orders', () => {
    const error = refusal(encodeCursor(position), 'newest');
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('"amount_desc"');
    expect(error.message).toContain('"newest"');
    expect(error.details).toEqual([{ path: 'querystring.cursor', message: expect.any(String) }]);
  });

  it.each([
    ['not base64url', 'abc$def'],
    ['not JSON', Buffer.from('hello', 'utf8').toString('base64url')],
    ['an object', encode({ sort: 'newest' })],
    ['an unknown sort', encode(['random', position.createdAt, position.id, 1])],
    ['a millisecond time', encode(['amount_desc', '2024-03-01T12:34:56.123Z', position.id, 1])],
    ['a date that does not exist', encode(['amount_desc', '2024-02-30T00:00:00.000000Z', position.id, 1])],
    ['year 0000', encode(['amount_desc', '0000-01-01T00:00:00.000000Z', position.id, 1])],
    ['a time with an offset', encode(['amount_desc', '2024-03-01T12:34:56.123456+01:00', position.id, 1])],
    ['an id that is no uuid', encode(['amount_desc', position.createdAt, "x' or 1=1 --", 1])],
    ['a negative amount', encode(['amount_desc', position.createdAt, position.id, -1])],
    ['a fractional amount', encode(['amount_desc', position.createdAt, position.id, 1.5])],
    ['extra elements', encode(['amount_desc', position.createdAt, position.id, 1, 'more'])],
    ['an empty string', ''],
  ])('refuses %s as a 400 on querystring.cursor', (_what, cursor) => {
    const error = refusal(cursor);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'querystring.cursor', message: expect.any(String) }]);
  });
});
