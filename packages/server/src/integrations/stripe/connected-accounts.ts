import type Stripe from 'stripe';
import type { ConnectedAccountSnapshot, ConnectedAccounts, OnboardingLink } from '../../providers/connected-accounts';
import { readAccount } from './connect-events';
import { railError } from './connect-rail';

/**
 * The streamer's side of Stripe Connect: an Express connected account per channel, created once (the idempotency key
 * is the channel, so two clicks or a retried request never open two accounts), and the short-lived onboarding link
 * where Stripe collects the streamer's identity and bank details.
 */
export class StripeConnectedAccounts implements ConnectedAccounts {
  constructor(private readonly client: Stripe) {}

  async create(input: { channelId: string; email: string }): Promise<ConnectedAccountSnapshot> {
    try {
      const account = await this.client.accounts.create(
        {
          type: 'express',
          email: input.email,
          capabilities: { transfers: { requested: true } },
          metadata: { channel_id: input.channelId },
        },
        { idempotencyKey: `connect:${input.channelId}` },
      );
      return readAccount(account);
    } catch (error) {
      throw railError(error, 'create the connected account');
    }
  }

  async onboardingLink(stripeAccountId: string, urls: { returnUrl: string; refreshUrl: string }): Promise<OnboardingLink> {
    try {
      const link = await this.client.accountLinks.create({
        account: stripeAccountId,
        type: 'account_onboarding',
        return_url: urls.returnUrl,
        refresh_url: urls.refreshUrl,
      });
      return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
    } catch (error) {
      throw railError(error, 'create the onboarding link');
    }
  }
}
