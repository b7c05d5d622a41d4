import { describe, expect, it } from 'vitest';
import { containsLink } from './links';

describe('containsLink', () => {
  it.each([
    'see https://example.org/x',
    'HTTP://EXAMPLE.ORG',
    'www.example.org',
    'go to example.com now',
    'example.com.',
    'join t.me/spam',
    'youtu.be/abc',
    'sub.domain.co',
    'ｅｘａｍｐｌｅ．ｃｏｍ',
    'example。com',
    '(evil.xyz)',
  ])('finds a link in %j', (text) => {
    expect(containsLink(text)).toBe(true);
  });

  it.each([
    'hello world',
    'e.g. this',
    'i.e. that',
    'end.Next sentence',
    'version 1.2.3',
    'wake up at 3.am',
    'Mr.Smith',
    'the ratio is 3.14',
    'email me later',
    'a.b',
  ])('sees no link in %j', (text) => {
    expect(containsLink(text)).toBe(false);
  });
});
