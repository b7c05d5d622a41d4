import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { bankAccountNumberSchema, ifscSchema, maskAccountNumber, maskUpiId, panSchema, upiIdSchema } from './payout-formats';

// fast-check is a devDependency of the server package only, so these are table tests.

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('ifscSchema', () => {
  it.each([
    ['HDFC0001234', 'HDFC0001234'],
    ['hdfc0001234', 'HDFC0001234'],
    ['  SBIN0070841 ', 'SBIN0070841'],
    ['YESB0MAN001', 'YESB0MAN001'],
    ['ICIC000ABCD', 'ICIC000ABCD'],
  ])('accepts %j as %s', (input, expected) => {
    expect(ifscSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['HDFC1001234', 'fifth character is not 0'],
    ['HDF00001234', 'only 3 letters for the bank'],
    ['HDFC000123', '10 characters'],
    ['HDFC00012345', '12 characters'],
    ['SBIN00708410', 'the example Cashfree refuses'],
    ['HDFC0-01234', 'a hyphen in the branch'],
    ['HDFC 0001234', 'a space inside'],
    ['', 'empty'],
  ])('refuses %j (%s) with a message that shows the format', (input) => {
    expect(messages(ifscSchema, input)).toEqual(['Must be an IFSC: 4 letters, then 0, then 6 letters or digits (e.g. HDFC0001234)']);
  });

  it('refuses a value that is not a string', () => {
    expect(ifscSchema.safeParse(12345678901).success).toBe(false);
  });
});

describe('bankAccountNumberSchema', () => {
  it.each([
    ['123456789', '123456789'],
    ['000123456789', '000123456789'],
    ['123456789012345678', '123456789012345678'],
    ['1234 5678 9012', '123456789012'],
    [' 50100 1234 5678\t', '5010012345678'],
  ])('accepts %j as %s, spaces dropped and leading zeros kept', (input, expected) => {
    expect(bankAccountNumberSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['12345678', ['Must be at least 9 digits']],
    ['1234567890123456789', ['Must be at most 18 digits']],
    ['12345-67890', ['Must contain only digits']],
    ['ABCD12345678', ['Must contain only digits']],
    ['1234567890١', ['Must contain only digits']],
    ['', ['Must be at least 9 digits']],
    ['12a', ['Must contain only digits', 'Must be at least 9 digits']],
  ])('refuses %j with %j', (input, expected) => {
    expect(messages(bankAccountNumberSchema, input)).toEqual(expected);
  });
});

describe('upiIdSchema', () => {
  it.each([
    ['rahul@okhdfcbank', 'rahul@okhdfcbank'],
    ['Rahul.Sharma@OKAXIS', 'rahul.sharma@okaxis'],
    ['9876543210@ybl', '9876543210@ybl'],
    ['first_last-99@paytm', 'first_last-99@paytm'],
    [' success@upi ', 'success@upi'],
    ['a@b', 'a@b'],
  ])('accepts %j as %s', (input, expected) => {
    expect(upiIdSchema.parse(input)).toBe(expected);
  });

  it.each([
    ['rahul', ['Must contain exactly one @, as in name@bank']],
    ['rahul@ok@hdfc', ['Must contain exactly one @, as in name@bank']],
    ['@ybl', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['rahul@', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['rahul@ok-hdfc', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['rahul@ok.hdfc', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['ra hul@ybl', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['rahul+1@ybl', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    ['राहुल@ybl', ['Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it']],
    [
      '@',
      [
        'Must be at least 2 characters',
        'Must look like name@bank: letters, digits, . _ - before the @ and only letters or digits after it',
      ],
    ],
    ['a', ['Must be at least 2 characters', 'Must contain exactly one @, as in name@bank']],
  ])('refuses %j with %j', (input, expected) => {
    expect(messages(upiIdSchema, input)).toEqual(expected);
  });

  it('accepts 256 characters and refuses 257', () => {
    const handle = (length: number) => 'a'.repeat(length - '@ybl'.length);
    expect(upiIdSchema.parse(`${handle(256)}@ybl`)).toHaveLength(256);
    expect(messages(upiIdSchema, `${handle(257)}@ybl`)).toEqual(['Must be at most 256 characters']);
  });
});

describe('panSchema', () => {
  it.each([
    ['ABCDE1234F', 'ABCDE1234F'],
    ['abcde1234f', 'ABCDE1234F'],
    [' AAAPL1234C ', 'AAAPL1234C'],
  ])('accepts %j as %s', (input, expected) => {
    expect(panSchema.parse(input)).toBe(expected);
  });

  it.each([['ABCD1234F'], ['ABCDE12345'], ['ABCDE1234FF'], ['1BCDE1234F'], ['ABCDE 1234F'], ['ABCDEI234F'], ['']])(
    'refuses %j',
    (input) => {
      expect(messages(panSchema, input)).toEqual(['Must be a PAN: 5 letters, 4 digits, 1 letter (e.g. ABCDE1234F)']);
    },
  );
});

describe('maskAccountNumber', () => {
  it.each([
    ['123456789012', 'XXXXXX9012'],
    ['123456789', 'XXXXXX6789'],
    ['123456789012345678', 'XXXXXX5678'],
    ['1234 5678 9012', 'XXXXXX9012'],
    ['1234', 'XXXXXX'],
    ['', 'XXXXXX'],
  ])('masks %j as %s', (input, expected) => {
    expect(maskAccountNumber(input)).toBe(expected);
  });

  it('shows the same width whatever the length, so the mask does not reveal it', () => {
    expect(maskAccountNumber('123456789')).toHaveLength(maskAccountNumber('123456789012345678').length);
  });
});

describe('maskUpiId', () => {
  it.each([
    ['rahul.sharma@okhdfcbank', 'ra****@okhdfcbank'],
    ['9876543210@ybl', '98****@ybl'],
    ['abc@upi', 'ab****@upi'],
    ['ab@upi', 'a****@upi'],
    ['a@upi', '****@upi'],
    ['no-at-sign', '****'],
    ['two@at@signs', '****'],
  ])('masks %j as %s', (input, expected) => {
    expect(maskUpiId(input)).toBe(expected);
  });
});
