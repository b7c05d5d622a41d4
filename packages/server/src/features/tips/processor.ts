import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import type { PaymentEvent, ProviderName } from '../../payments/provider';
import type { EventWriter } from '../../realtime/event-log';
import type { FeatureDeps } from '../deps';
import type { TipEffects } from './tip-effects';
import type { TipMoneyBook } from './tip-money';
import { lockTip, settledStatus } from './tip-store';
import type { TipRow } from './tip-view';

/**
 * What became of one delivered event:
 * - applied: it changed the tip (and the ledger, and the views);
 * - duplicate: this event was processed before — nothing changed;
 * - deferred: it is about a payment not yet confirmed (a refund before the success); it is kept
 *   and applied the moment the tip is paid;
 * - stale: superseded (a failure reported after the success); recorded, nothing changed;
 * - ignored: a kind tipchat does not act on; unknown_payment: not a tipchat payment;
 * - rejected: it contradicts what we know (a deferred refund larger than the tip); recorded for review.
 */
export type EventOutcome = 'applied' | 'duplicate' | 'deferred' | 'stale' | 'ignored' | 'unknown_payment' | 'rejected';

/** A provider event that arrived before the one it depends on. */
interface DeferredEvent {
  eventId: string;
  event: PaymentEvent;
}

/** A deferred event waits for at most this many rounds of replays after each applied event. */
const MAX_REPLAY_ROUNDS = 10;

/**
 * Applies provider events to tips exactly once. Each event is recorded under its unique
 * (provider, event id) in the same transaction as everything it causes — tip state, ledger
 * entries, chat message, alert, channel events — so a duplicate delivery, even a concurrent
 * one, waits for the first and then changes nothing; and a crash leaves either all of it or none.
 */
export class TipProcessor {
  constructor(
    private readonly deps: FeatureDeps,
    private readonly money: TipMoneyBook,
    private readonly effects: TipEffects,
    private readonly log: FastifyBaseLogger,
  ) {}

  async apply(provider: ProviderName, event: PaymentEvent): Promise<EventOutcome> {
    return this.deps.events.transaction(async (tx, events) => {
      // Recorded, and the tip it is about found, in one statement. The tip is not locked yet: its channel comes first.
      const [arrival] = await tx<{ recorded: boolean; tipId: string | null; channelId: string | null }[]>`
        with recorded as (
          insert into provider_events (provider, event_id, provider_type, kind, payment_id, outcome, event)
          values (${provider}, ${event.eventId}, ${event.providerType}, ${event.kind}, ${event.paymentId}, 'received', ${tx.json(event as never)})
          on conflict (provider, event_id) do nothing
          returning event_id
        )
        select exists (select 1 from recorded) as recorded, t.id as tip_id, t.channel_id
        from (select 1) as one
        left join tips t on t.provider = ${provider} and t.payment_id = ${event.paymentId} and ${event.paymentId} <> ''`;
      if (!arrival?.recorded) return 'duplicate';

      const tipId = arrival.tipId;
      let outcome: EventOutcome;
      let tip: TipRow | null = null;
      if (tipId === null || arrival.channelId === null) outcome = 'unknown_payment';
      // Nothing to change: no lock, so an event tipchat does not act on never waits for the channel.
      else if (event.kind === 'ignored') outcome = 'ignored';
      else {
        // Lock order: the channel, then the tip (a tip never moves to another channel). Sent together, executed in turn.
        [, tip] = await Promise.all([events.lock(arrival.channelId), lockTip(tx, tipId)]);
        outcome = tip ? await this.applyToTip(tx, events, tip, event) : 'unknown_payment';
      }
      const waiting = await this.record(tx, provider, event.eventId, outcome, tipId, tip !== null && outcome === 'applied');
      if (tip && waiting.length > 0) await this.replayDeferred(tx, events, provider, tip.id, waiting);
      return outcome;
    });
  }

  /**
   * Records the outcome; with `withDeferred`, answers (in the same statement) the tip's events
   * that wait for one applied before them, in arrival order.
   */
  private async record(
    tx: TransactionSql,
    provider: ProviderName,
    eventId: string,
    outcome: EventOutcome,
    tipId: string | null,
    withDeferred = false,
  ): Promise<DeferredEvent[]> {
    return tx<DeferredEvent[]>`
      with recorded as (
        update provider_events set outcome = ${outcome}, tip_id = ${tipId},
          applied_at = ${outcome === 'applied' ? tx`now()` : null}
        where provider = ${provider} and event_id = ${eventId}
      )
      select event_id, event from provider_events
      where ${withDeferred} and tip_id = ${tipId} and outcome = 'deferred' order by received_at, event_id`;
  }

  /** Events that arrived before the event they depend on, applied in arrival order once it is in. */
  private async replayDeferred(
    tx: TransactionSql,
    events: EventWriter,
    provider: ProviderName,
    tipId: string,
    firstRound: DeferredEvent[],
  ): Promise<void> {
    let waiting = firstRound;
    for (let round = 0; round < MAX_REPLAY_ROUNDS && waiting.length > 0; round++) {
      let progressed = false;
      for (const row of waiting) {
        const tip = await lockTip(tx, tipId);
        if (!tip) return;
        let outcome: EventOutcome;
        try {
          outcome = await this.applyToTip(tx, events, tip, row.event);
        } catch (error) {
          // Every check runs before any write, so a refusal here leaves the transaction clean.
          if (!(error instanceof AppError) || error.code !== 'PAYMENT_MISMATCH') throw error;
          this.log.error({ provider, eventId: row.eventId, tipId, err: error }, 'deferred provider event contradicts the tip; rejected');
          outcome = 'rejected';
        }
        if (outcome !== 'deferred') {
          await this.record(tx, provider, row.eventId, outcome, tipId);
          progressed = true;
        }
      }
      if (!progressed) return;
      waiting = await tx<DeferredEvent[]>`
        select event_id, event from provider_events
        where tip_id = ${tipId} and outcome = 'deferred' order by received_at, event_id`;
    }
  }

  private async applyToTip(tx: TransactionSql, events: EventWriter, tip: TipRow, event: PaymentEvent): Promise<EventOutcome> {
    switch (event.kind) {
      case 'payment_succeeded':
        return this.succeeded(tx, events, tip, event);
      case 'payment_failed':
        return this.failed(tx, events, tip, event.reason);
      case 'refund':
        return this.refund(tx, events, tip, event);
      case 'dispute_opened':
        return this.disputeOpened(tx, events, tip, event);
      case 'dispute_closed':
        return this.disputeClosed(tx, events, tip, event);
      case 'ignored':
        return 'ignored';
    }
  }

  private async succeeded(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'payment_succeeded' }>,
  ): Promise<EventOutcome> {
    if (tip.paidAt) return 'stale';
    checkMoney(tip, event.amount, event.currency, 'paid');
    const paidAt = new Date();
    const chatMessageId = randomUUID();
    // Issued in this order without waiting: the payment, its ledger posting, then (in effects.paid) its message, its
    // alert and the figures the payment moved — one round trip to the database for all of them.
    const paying = markPaid(tx, tip.id, paidAt, this.money.holdUntil(paidAt), chatMessageId);
    const posted = this.money.paid(tx, tip);
    await this.effects.paid(
      tx,
      events,
      { ...tip, paidAt, chatMessageId },
      Promise.all([paying, posted]).then(([paid]) => paid),
    );
    return 'applied';
  }

  /** A failed attempt. A later success still counts (Cashfree lets the viewer try again on the same order). */
  private async failed(tx: TransactionSql, events: EventWriter, tip: TipRow, reason: string): Promise<EventOutcome> {
    if (tip.paidAt) return 'stale';
    const [failed] = await tx<TipRow[]>`
      update tips set status = 'failed', failure_reason = ${reason.slice(0, 500)}, updated_at = now() where id = ${tip.id} returning *`;
    if (failed) await this.effects.unpaidChanged(tx, events, failed);
    return 'applied';
  }

  private async refund(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'refund' }>,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [known] = await tx<{ status: string; posted: boolean; amount: number }[]>`
      select status, posted, amount from tip_refunds where tip_id = ${tip.id} and refund_id = ${event.refundId} for update`;
    if (event.status === 'failed') {
      if (known?.status === 'failed') return 'stale';
      if (known?.posted) {
        await this.money.refundFailed(tx, tip, event.refundId);
        // What the refund took from pending is back in pending, possibly after the tip's release: the release job moves it on.
        await tx`
          update tips set refunded_amount = refunded_amount - ${known.amount}, release_due = true, updated_at = now() where id = ${tip.id}`;
      }
      await upsertRefund(tx, tip.id, event.refundId, known?.amount ?? event.amount, 'failed', false);
      return this.settle(tx, events, tip.id);
    }
    // Failure is final for a refund: a pending or success report arriving after it is an old one, delivered late.
    if (known?.status === 'failed') return 'stale';
    if (known?.posted) {
      if (known.status === event.status || known.status === 'succeeded') return 'stale';
      await upsertRefund(tx, tip.id, event.refundId, known.amount, event.status, true);
      return 'applied';
    }
    checkMoney(tip, event.amount, event.currency, 'refunded', tip.amount - tip.refundedAmount - tip.disputedAmount);
    // The money leaves when the provider accepts the refund (pending), not when it reaches the card.
    await this.money.refunded(tx, tip, event.refundId, event.amount);
    await tx`update tips set refunded_amount = refunded_amount + ${event.amount}, updated_at = now() where id = ${tip.id}`;
    await upsertRefund(tx, tip.id, event.refundId, event.amount, event.status, true);
    return this.settle(tx, events, tip.id);
  }

  private async disputeOpened(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'dispute_opened' }>,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [known] = await tx`select 1 from tip_disputes where tip_id = ${tip.id} and dispute_id = ${event.disputeId}`;
    if (known) return 'stale';
    checkMoney(tip, event.amount, event.currency, 'disputed', tip.amount - tip.refundedAmount - tip.disputedAmount);
    await this.money.disputeOpened(tx, tip, event.disputeId, event.amount);
    await tx`update tips set disputed_amount = disputed_amount + ${event.amount}, updated_at = now() where id = ${tip.id}`;
    await tx`insert into tip_disputes (tip_id, dispute_id, amount, status) values (${tip.id}, ${event.disputeId}, ${event.amount}, 'open')`;
    return this.settle(tx, events, tip.id);
  }

  private async disputeClosed(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'dispute_closed' }>,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [dispute] = await tx<{ status: string; amount: number }[]>`
      select status, amount from tip_disputes where tip_id = ${tip.id} and dispute_id = ${event.disputeId} for update`;
    // Closed before we heard it was opened: wait for the opening, which carries the amount.
    if (!dispute) return 'deferred';
    if (dispute.status !== 'open') return 'stale';
    if (event.outcome === 'won') {
      await this.money.disputeWon(tx, tip, event.disputeId);
      // What the opening took from pending is back in pending: the release job moves it on.
      await tx`
        update tips set disputed_amount = disputed_amount - ${dispute.amount}, release_due = true, updated_at = now()
        where id = ${tip.id}`;
    } else {
      await this.money.disputeLost(tx, tip, event.disputeId, event.fee);
    }
    await tx`
      update tip_disputes set status = ${event.outcome}, updated_at = now()
      where tip_id = ${tip.id} and dispute_id = ${event.disputeId}`;
    return this.settle(tx, events, tip.id);
  }

  /** Re-reads the tip after a money change, sets its status and tells every view. */
  private async settle(tx: TransactionSql, events: EventWriter, tipId: string): Promise<EventOutcome> {
    const tip = await lockTip(tx, tipId);
    if (!tip) throw new Error(`tipchat: tip ${tipId} vanished`);
    const status = await settledStatus(tx, tip);
    const [settled] = await tx<TipRow[]>`update tips set status = ${status}, updated_at = now() where id = ${tipId} returning *`;
    if (settled) await this.effects.moneyChanged(tx, events, settled);
    return 'applied';
  }
}

/**
 * Marks a tip paid. The hold's end is counted from the moment of payment in business days, so
 * both are set here; the tip is linked to the highlighted message written under `chatMessageId`.
 */
async function markPaid(tx: TransactionSql, tipId: string, paidAt: Date, holdUntil: Date, chatMessageId: string): Promise<TipRow> {
  const [paid] = await tx<TipRow[]>`
    update tips set status = 'succeeded', paid_at = ${paidAt}, hold_until = ${holdUntil}, release_due = true,
      failure_reason = null, next_action = null, chat_message_id = ${chatMessageId}, updated_at = now()
    where id = ${tipId} returning *`;
  if (!paid) throw new Error(`tipchat: tip ${tipId} vanished while being paid`);
  return paid;
}

async function upsertRefund(tx: TransactionSql, tipId: string, refundId: string, amount: number, status: string, posted: boolean) {
  await tx`
    insert into tip_refunds (tip_id, refund_id, amount, status, posted) values (${tipId}, ${refundId}, ${amount}, ${status}, ${posted})
    on conflict (tip_id, refund_id) do update set status = excluded.status, posted = excluded.posted, updated_at = now()`;
}

/**
 * A provider event must be about the money we asked for: the same currency, and for a payment
 * exactly the tip's amount; a refund or dispute at most what is left. Anything else is refused
 * before a single write, so the ledger is never touched by a contradiction.
 */
function checkMoney(tip: TipRow, amount: number, currency: string, what: string, atMost?: number): void {
  const currencyMatches = currency.toUpperCase() === tip.currency;
  const amountMatches = atMost === undefined ? amount === tip.amount : Number.isSafeInteger(amount) && amount > 0 && amount <= atMost;
  if (currencyMatches && amountMatches) return;
  throw new AppError('PAYMENT_MISMATCH', `The provider reports ${amount} ${currency} ${what}, which does not match tip ${tip.id}`, {
    tipId: tip.id,
    expected: { amount: atMost ?? tip.amount, currency: tip.currency, exact: atMost === undefined },
    received: { amount, currency },
  });
}
