import { randomBytes } from 'node:crypto';
import { createClient, type TipchatClient } from '@tipchat/sdk';
import { type BenchTip, type FakeStripe, paymentIdOfClientSecret } from './stripe';

const PASSWORD = 'bench-password-123';

export interface BenchChannel {
  slug: string;
  overlayKey: string;
}

/**
 * `count` USD channels with their overlay keys, each of its own verified streamer (an account
 * has one channel), through the SDK as a person would: register, follow the link from the dev
 * outbox, sign in, create the channel, rotate its overlay key.
 */
export async function streamerChannels(baseUrl: string, count: number): Promise<BenchChannel[]> {
  const run = randomBytes(4).toString('hex');
  const channels: BenchChannel[] = [];
  for (let i = 1; i <= count; i++) {
    const email = `bench-tips-${run}-${i}@example.test`;
    const owner = createClient({ baseUrl });
    await owner.auth.register({ email, password: PASSWORD, displayName: `Bench Streamer ${i}` });
    await owner.auth.verifyEmail(await verificationToken(owner, email));
    await owner.auth.login({ email, password: PASSWORD });
    const slug = `bench-tips-${run}-${i}`;
    await owner.channels.create({ slug, displayName: `Bench tips ${i}`, currency: 'USD' });
    channels.push({ slug, overlayKey: await owner.keys.rotateOverlayKey(slug) });
  }
  return channels;
}

async function verificationToken(client: TipchatClient, email: string): Promise<string> {
  for (const mail of await client.dev.outbox({ to: email })) {
    for (const link of mail.links) {
      const token = new URL(link).searchParams.get('token');
      if (new URL(link).pathname === '/verify-email' && token) return token;
    }
  }
  throw new Error(`tips bench set-up: no verification mail for ${email} in the dev outbox`);
}

/** $5.00 to $29.00 in whole dollars, so the tips fall into several tiers as real ones do. */
const amountOf = (index: number) => 500 + (index % 25) * 100;

/**
 * `count` tips started the way a viewer's widget starts them (anonymous `tips.create` with
 * Stripe: tipchat creates the PaymentIntent in the fake), then paid in the fake as the browser's
 * confirmation would. tipchat has not heard of the payments yet: that is the webhooks' job.
 */
export async function paidTips(
  baseUrl: string,
  channels: BenchChannel[],
  fake: FakeStripe,
  { count, concurrency }: { count: number; concurrency: number },
): Promise<BenchTip[]> {
  const viewer = createClient({ baseUrl });
  const tips: BenchTip[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const slug = channels[index % channels.length]?.slug ?? '';
      const started = await viewer.tips.create(slug, {
        amount: amountOf(index),
        currency: 'USD',
        displayName: `Tipper ${index + 1}`,
        message: `bench tip #${index + 1}`,
        provider: 'stripe',
      });
      if (started.next?.type !== 'stripe_payment_element') {
        throw new Error(`tips bench set-up: expected Stripe's Payment Element as the next step, got ${started.next?.type ?? 'none'}`);
      }
      const paymentId = paymentIdOfClientSecret(started.next.clientSecret);
      fake.succeedPaymentIntent(paymentId);
      tips[index] = { tipId: started.tip.id, paymentId };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return tips;
}
