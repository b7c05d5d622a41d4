import { TipchatError } from '@tipchat/sdk';

/** Awaits a call that must fail and hands back its typed SDK error. */
export async function caught(promise: Promise<unknown>): Promise<TipchatError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TipchatError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
