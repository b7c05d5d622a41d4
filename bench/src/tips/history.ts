import { randomBytes } from 'node:crypto';
import { createClient } from '@tipchat/sdk';
import postgres from 'postgres';

export interface SeedSettings {
  /** Paid tips to put in the channel's past. */
  pastTips: number;
  /** Distinct tippers (display names) they come from; a few give most, as on a real channel. */
  tippers: number;
  /** The past tips are spread over this many days before now. */
  days: number;
}

export const DEFAULT_SEED: Omit<SeedSettings, 'pastTips'> = { tippers: 500, days: 42 };

export interface SeedResult {
  tips: number;
  ledgerTransactions: number;
  ledgerEntries: number;
  seconds: number;
}

/**
 * Gives the channel `pastTips` paid tips in the past, written directly in SQL in a few
 * set-based statements (seconds for 100,000), as the pay path would have left them: the tip
 * (succeeded, paid_at spread over `days`, the hold over and released for most), its
 * payment_intent.succeeded provider event, its ledger postings (paid: provider clearing, the
 * channel's pending, the platform fee; released: pending → available) and its shown alert.
 *
 * Left out: the tips' highlighted chat messages and their channel events (they need sequence
 * numbers of the live log). The rows are inserted, not copied, so triggers of the schema run on
 * them as on any write; a server that keeps other per-tip state outside triggers must have it
 * filled here too (checkSeededLeaderboard catches a leaderboard that misses the history).
 *
 * The channel must have a tip already (the bench's set-up made pending ones): its tier is reused.
 */
export async function seedPaidTips(databaseUrl: string, slug: string, seed: SeedSettings): Promise<SeedResult> {
  const started = Date.now();
  const run = randomBytes(4).toString('hex');
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const counts = await sql.begin(async (tx) => {
      const [channel] = await tx<{ id: string; currency: string }[]>`select id, currency from channels where slug = ${slug}`;
      if (!channel) throw new Error(`history seed: no channel ${slug}`);
      const [sample] = await tx<{ tier: unknown }[]>`select tier from tips where channel_id = ${channel.id} limit 1`;
      if (!sample) throw new Error(`history seed: channel ${slug} has no tip to take a tier from`);
      await tx`select setseed(0.42)`;
      // One row per past tip: ids, amount ($1 to $100, mostly small; a 5% fee), tipper (a few give most), time.
      await tx`
        create temporary table bench_seed (
          g int, tip_id uuid, paid_tx uuid, release_tx uuid, amount bigint, fee bigint, name text, paid_at timestamptz
        ) on commit drop`;
      await tx`
        insert into bench_seed
        select g, gen_random_uuid() as tip_id, gen_random_uuid() as paid_tx, gen_random_uuid() as release_tx,
          amount, (amount * 5 / 100)::bigint as fee, name, paid_at
        from (
          select g,
            (100 * (1 + floor(power(random(), 3) * 100)))::bigint as amount,
            'Regular ' || (1 + floor(${seed.tippers}::float8 * power(random(), 2)))::int as name,
            now() - random() * ${seed.days}::float8 * interval '1 day' as paid_at
          from generate_series(1, ${seed.pastTips}::int) as g
        ) as drawn`;
      await tx`
        insert into tips (id, channel_id, provider, payment_id, status, amount, currency, fee, display_name, message, tier,
          paid_at, hold_until, releases, release_due, created_at, updated_at)
        select s.tip_id, ${channel.id}, 'stripe', 'pi_seed_' || ${run} || '_' || s.g, 'succeeded', s.amount, ${channel.currency}, s.fee,
          s.name, 'Thanks for the stream! #' || s.g, ${tx.json(sample.tier as never)},
          s.paid_at, s.paid_at + interval '7 days',
          (s.paid_at + interval '7 days' <= now())::int, s.paid_at + interval '7 days' > now(),
          s.paid_at - interval '40 seconds', s.paid_at
        from bench_seed s order by s.paid_at`;
      await tx`
        insert into provider_events (provider, event_id, provider_type, kind, payment_id, tip_id, outcome, event, received_at, applied_at)
        select 'stripe', 'evt_seed_' || ${run} || '_' || s.g, 'payment_intent.succeeded', 'payment_succeeded',
          'pi_seed_' || ${run} || '_' || s.g, s.tip_id, 'applied',
          jsonb_build_object('kind', 'payment_succeeded', 'eventId', 'evt_seed_' || ${run} || '_' || s.g,
            'providerType', 'payment_intent.succeeded', 'paymentId', 'pi_seed_' || ${run} || '_' || s.g,
            'amount', s.amount, 'currency', ${channel.currency}::text),
          s.paid_at, s.paid_at
        from bench_seed s`;
      const pending = `channel:${channel.id}:pending`;
      const available = `channel:${channel.id}:available`;
      await tx`
        insert into ledger_transactions (id, kind, reference, idempotency_key, created_at)
        select s.paid_tx, 'tip_paid', 'tip:' || s.tip_id, 'tip:' || s.tip_id || ':paid', s.paid_at from bench_seed s
        union all
        select s.release_tx, 'hold_released', 'tip:' || s.tip_id, 'tip:' || s.tip_id || ':release:1', s.paid_at + interval '7 days'
        from bench_seed s where s.paid_at + interval '7 days' <= now()`;
      await tx`
        insert into ledger_entries (transaction_id, account, currency, amount, created_at)
        select s.paid_tx, leg.account, ${channel.currency}, leg.amount, s.paid_at
        from bench_seed s cross join lateral (values
          ('provider:stripe:clearing', -s.amount), (${pending}, s.amount - s.fee), ('platform:fees', s.fee)
        ) as leg (account, amount)
        where leg.amount <> 0
        union all
        select s.release_tx, leg.account, ${channel.currency}, leg.amount, s.paid_at + interval '7 days'
        from bench_seed s cross join lateral (values (${pending}, -(s.amount - s.fee)), (${available}, s.amount - s.fee)) as leg (account, amount)
        where s.paid_at + interval '7 days' <= now()`;
      await tx`
        insert into alerts (tip_id, channel_id, status, queued_at, shown_at, updated_at)
        select s.tip_id, ${channel.id}, 'shown', s.paid_at, s.paid_at + interval '8 seconds', s.paid_at + interval '8 seconds'
        from bench_seed s`;
      const [row] = await tx<{ transactions: number; entries: number }[]>`
        select
          (select count(*)::int from ledger_transactions where reference in (select 'tip:' || tip_id from bench_seed)) as transactions,
          (select count(*)::int from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
            where t.reference in (select 'tip:' || tip_id from bench_seed)) as entries`;
      return { transactions: row?.transactions ?? 0, entries: row?.entries ?? 0 };
    });
    // A channel that grew over weeks has been vacuumed and analysed: give the planner the same statistics,
    // for every table (the bench's database only), including any the schema's triggers filled from the seed.
    await sql.unsafe('vacuum (analyze)');
    return {
      tips: seed.pastTips,
      ledgerTransactions: counts.transactions,
      ledgerEntries: counts.entries,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Whether the server sees the seeded past: its all-time leaderboard must put first the tipper
 * the tips table puts first, with the same amount. A server that keeps leaderboards in state the
 * seed did not fill would measure a channel without history. Returns a line for the report.
 */
export async function checkSeededLeaderboard(baseUrl: string, databaseUrl: string, slug: string): Promise<{ ok: boolean; line: string }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [expected] = await sql<{ name: string; amount: string; tips: number }[]>`
      select t.display_name as name, sum(t.amount - t.refunded_amount - t.disputed_amount)::text as amount, count(*)::int as tips
      from tips t join channels c on c.id = t.channel_id
      where c.slug = ${slug} and t.paid_at is not null and t.status not in ('pending', 'failed')
      group by t.display_name order by sum(t.amount - t.refunded_amount - t.disputed_amount) desc limit 1`;
    const board = await createClient({ baseUrl }).goals.leaderboard(slug, { period: 'all', limit: 1 });
    const top = board.entries[0];
    if (!expected) return { ok: false, line: 'history check: the seeded channel has no paid tips' };
    const ok = top !== undefined && top.displayName === expected.name && String(top.amount) === expected.amount;
    const shown = top ? `${top.displayName}, ${top.amount} over ${top.tipCount} tips` : 'nobody';
    return {
      ok,
      line: ok
        ? `history check: the server's all-time leaderboard shows the seeded past (top: ${shown})`
        : `history check FAILED: the server's all-time leaderboard shows ${shown}, the tips table ${expected.name}, ${expected.amount} over ${expected.tips} tips: ` +
          'the server keeps state the seed does not fill (see bench/src/tips/history.ts), so this is not a channel with history',
    };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
