import { describe, expect, it } from 'vitest';
import { BeneficiaryError } from '../../providers/payout-beneficiaries';
import { createStripeClient } from './client';
import { StripeConnectRail } from './connect-rail';

// Transfers and webhooks of this rail are covered end to end in test/payouts/stripe-connect-payouts.test.ts.

describe('beneficiaries on the Stripe Connect rail', () => {
  // Nothing listens on port 9: a call that reached the network would fail as unavailable, not as unsupported.
  const rail = new StripeConnectRail({
    client: createStripeClient({ secretKey: 'sk_test_connect_rail', apiUrl: 'http://127.0.0.1:9', maxNetworkRetries: 0 }),
    webhookSecrets: [],
  });
  const instrument = { kind: 'upi' as const, vpa: 'asha@okhdfcbank' };

  it.each([
    ['registerBeneficiary', () => rail.registerBeneficiary({ beneficiaryId: 'tc_x', name: 'Asha Verma', instrument })],
    ['findBeneficiary', () => rail.findBeneficiary('tc_x')],
    ['removeBeneficiary', () => rail.removeBeneficiary('tc_x')],
    ['verifyInstrument', () => rail.verifyInstrument(instrument, 'Asha Verma')],
  ])('refuses %s as unsupported, with nothing sent', async (_name, call) => {
    const error = await call().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(BeneficiaryError);
    expect(error).toMatchObject({
      failure: 'unsupported',
      outcomeUnknown: false,
      providerCode: 'beneficiaries_not_supported',
      message: expect.stringMatching(/connected accounts, not beneficiaries/),
    });
  });
});
