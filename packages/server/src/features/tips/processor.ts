import { randomUUID } from 'node:crypto';
import type { ProviderEventReview, ProviderEventReviewReason } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { TransactionSql } from '../../db/connection';
import { AppError } from '../../errors';
import { noMetrics, type OutcomeMetrics } from '../../metrics/server-metrics';
import type { PaymentEvent, ProviderName } from '../../providers/payment-provider';
import { ChannelGate } from '../../realtime/channel-gate';
import type { EventWriter } from '../../realtime/event-log';
import type { FeatureDeps } from '../deps';
import { flagProviderEvent } from '../review/review-store';
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
 * - rejected: it contradicts what we know (a deferred refund larger than the tip); stored for review;
 * - flagged: recorded and stored for review without changing the tip (a second payment of a paid order, booked to
 *   suspense; a refund cancelled after it succeeded; a dispute reopened after it closed);
 * - refused: not for this server (a Stripe event of the other mode); stored for review, nothing applied.
 *
 * An event can also be applied and flagged at once (a payment above the tip, a dispute larger than what was left):
 * its outcome is `applied` and the review queue holds the flag.
 */
export type EventOutcome =
  | 'applied'
  | 'duplicate'
  | 'deferred'
  | 'stale'
  | 'ignored'
  | 'unknown_payment'
  | 'rejected'
  | 'flagged'
  | 'refused';

/** One delivered event on its way through the processor, and the flags it raised (logged once committed). */
interface Run {
  provider: ProviderName;
  event: PaymentEvent;
  /** The delivery's body as signed; undefined for events that did not come from a webhook (the dev checkout). */
  raw: string | undefined;
  flags: ProviderEventReview[];
  /** The events that changed their tip (this one, and deferred ones it released): counted and logged once committed. */
  applied: { tipId: string; event: PaymentEvent }[];
}

type Flag = (reason: ProviderEventReviewReason, details: Record<string, unknown>) => Promise<void>;

/** A provider event that arrived before the one it depends on. */
interface DeferredEvent {
  eventId: string;
  event: PaymentEvent;
}

/** A deferred event waits for at most this many rounds of replays after each applied event. */
const MAX_REPLAY_ROUNDS = 10;

/**
 * Events that change a tip, of one channel, applied at once by this process: one holding the channel's lock, the
 * next ready at it. More would only hold database connections while they wait (realtime/channel-gate.ts).
 */
export const PAYMENT_EVENTS_PER_CHANNEL_AT_ONCE = 2;

/**
 * Applies provider events to tips exactly once. Each event is recorded under its unique
 * (provider, event id) in the same transaction as everything it causes — tip state, ledger
 * entries, chat message, alert, channel events — so a duplicate delivery, even a concurrent
 * one, waits for the first and then changes nothing; and a crash leaves either all of it or none.
 */
export class TipProcessor {
  private readonly gate = new ChannelGate(PAYMENT_EVENTS_PER_CHANNEL_AT_ONCE);

  constructor(
    private readonly deps: FeatureDeps,
    private readonly money: TipMoneyBook,
    private readonly effects: TipEffects,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: Pick<OutcomeMetrics, 'tip'> = noMetrics,
  ) {}

  /**
   * `raw` is the delivery's body as the provider signed it: a refused or flagged event is stored with it for review.
   * Every flag is logged at error level once its transaction committed; a PAYMENT_MISMATCH refusal (a 422 the
   * provider retries, because a later event — a refund's failure — can make room for it) is stored for review in a
   * transaction of its own, since the event's own one writes nothing.
   */
  async apply(provider: ProviderName, event: PaymentEvent, raw?: string): Promise<EventOutcome> {
    const run: Run = { provider, event, raw, flags: [], applied: [] };
    let outcome: EventOutcome;
    try {
      outcome = await this.applyThroughGate(run);
    } catch (error) {
      if (error instanceof AppError && error.code === 'PAYMENT_MISMATCH') await this.storeMismatch(run, error);
      throw error;
    }
    for (const review of run.flags) this.logFlag(review);
    for (const { tipId, event: change } of run.applied) {
      const tipOutcome = tipOutcomeOf(change);
      this.metrics.tip(tipOutcome);
      this.log.info({ tipId, provider, eventId: change.eventId, outcome: tipOutcome }, `tip ${tipOutcome.replace('_', ' ')}`);
    }
    return outcome;
  }

  private logFlag(review: ProviderEventReview): void {
    this.log.error(
      {
        provider: review.provider,
        eventId: review.eventId,
        reason: review.reason,
        tipId: review.tipId,
        reviewId: review.id,
        details: review.details,
      },
      'provider event stored for review',
    );
  }

  /** A refused contradiction, kept for review although the event itself wrote nothing. Never hides the refusal. */
  private async storeMismatch(run: Run, error: AppError): Promise<void> {
    try {
      const review = await this.deps.events.transaction(async (tx, events) => {
        const [tip] = await tx<{ id: string; channelId: string }[]>`
          select id, channel_id from tips where provider = ${run.provider} and payment_id = ${run.event.paymentId} and ${run.event.paymentId} <> ''`;
        return flagProviderEvent(
          tx,
          events,
          this.flagInput(run, tip ? { tipId: tip.id, channelId: tip.channelId } : null, 'payment_mismatch', {
            message: error.message,
            ...(typeof error.details === 'object' && error.details !== null ? error.details : {}),
          }),
        );
      });
      this.logFlag(review);
    } catch (storeError) {
      this.log.error(
        { provider: run.provider, eventId: run.event.eventId, err: storeError },
        'could not store a refused provider event for review',
      );
    }
  }

  private flagInput(
    run: Run,
    refs: { tipId: string; channelId: string } | null,
    reason: ProviderEventReviewReason,
    details: Record<string, unknown>,
  ) {
    // jsonb refuses \u0000 in strings, which JSON allows: such a body is kept as the event we read from it instead.
    const rawUsable = run.raw !== undefined && !run.raw.includes('\\u0000');
    return {
      provider: run.provider,
      eventId: run.event.eventId,
      providerType: run.event.providerType,
      reason,
      details,
      paymentId: run.event.paymentId,
      channelId: refs?.channelId ?? null,
      tipId: refs?.tipId ?? null,
      payload: rawUsable && run.raw !== undefined ? { text: run.raw } : { value: run.event },
    };
  }

  /** A flag raiser bound to this transaction, event and tip; the channel is locked by then (or by the flag itself). */
  private flagger(tx: TransactionSql, events: EventWriter, run: Run, refs: { tipId: string; channelId: string } | null): Flag {
    return async (reason, details) => {
      run.flags.push(await flagProviderEvent(tx, events, this.flagInput(run, refs, reason, details)));
    };
  }

  /**
   * An event that changes a tip will wait for its channel's lock: it first waits for a place at the channel's gate,
   * holding no database connection. The tip and its channel come from the event's claim (a PaymentIntent's
   * metadata) or, without one, from one read (a tip never moves to another channel). Knowing them, the transaction
   * records the event and takes its locks in one round trip. Other events, and events of payments that are not
   * ours, go straight in.
   */
  private async applyThroughGate(run: Run): Promise<EventOutcome> {
    const { provider, event } = run;
    if (event.kind === 'ignored' || event.kind === 'refused' || event.paymentId === '') return this.applyOnce(run, null);
    if (event.claimedTip) {
      const claim = event.claimedTip;
      try {
        return await this.gate.run(claim.channelId, () => this.applyOnce(run, claim));
      } catch (error) {
        if (!(error instanceof ClaimMismatch)) throw error;
        // Not what its payment id names: nothing of that try was kept; applied as if it claimed nothing.
        this.log.warn({ provider, eventId: event.eventId, claim }, 'a payment event claims another tip than its payment id names');
      }
    }
    const [tip] = await this.deps.sql<KnownTip[]>`
      select id as tip_id, channel_id from tips where provider = ${provider} and payment_id = ${event.paymentId}`;
    return tip ? this.gate.run(tip.channelId, () => this.applyOnce(run, tip)) : this.applyOnce(run, null);
  }

  private applyOnce(run: Run, known: KnownTip | null): Promise<EventOutcome> {
    return this.deps.events.transaction((tx, events) => this.applyInTransaction(tx, events, run, known));
  }

  private async applyInTransaction(tx: TransactionSql, events: EventWriter, run: Run, known: KnownTip | null): Promise<EventOutcome> {
    const { provider, event } = run;
    // When the tip is known beforehand, its locks go first (the channel, then the tip, then the events waiting on it,
    // read once both are held so none deferred meanwhile is missed) and the event's record right behind them, all in
    // one round trip; a duplicate delivery then waits at the channel and finds its record there. Otherwise the record
    // also finds the tip, and its locks follow.
    // A claimed channel that is not here (another tipchat on the same Stripe account) is a claim that does not hold.
    const locking = known ? lockKnownTip(tx, events, known).catch(claimedChannelMissing) : null;
    const [[arrival], locked] = await Promise.all([recordArrival(tx, provider, event), locking]);
    if (!arrival?.recorded) return 'duplicate';

    const tipId = arrival.tipId;
    let outcome: EventOutcome;
    let tip: TipRow | null = null;
    let waiting: DeferredEvent[] = [];
    const refs = tipId !== null && arrival.channelId !== null ? { tipId, channelId: arrival.channelId } : null;
    // Rolled back, and tried again as if nothing were known: the locks taken may be another tip's.
    if (known && (refs?.tipId !== known.tipId || refs.channelId !== known.channelId)) throw new ClaimMismatch();
    if (event.kind === 'refused') {
      // Stored for review, never applied; the flag locks the tip's channel (if any) to tell its staff.
      await this.flagger(tx, events, run, refs)(event.reason, { message: event.message });
      outcome = 'refused';
    } else if (refs === null) outcome = 'unknown_payment';
    // Nothing to change: no lock, so an event tipchat does not act on never waits for the channel.
    else if (event.kind === 'ignored') outcome = 'ignored';
    else {
      [tip, waiting] = locked ?? (await lockKnownTip(tx, events, refs));
      outcome = tip ? await this.applyToTip(tx, events, tip, event, this.flagger(tx, events, run, refs)) : 'unknown_payment';
      if (outcome === 'applied') run.applied.push({ tipId: refs.tipId, event });
    }
    const recording = this.record(tx, provider, event.eventId, outcome, tipId);
    if (!tip || outcome !== 'applied' || waiting.length === 0) {
      // Nothing waits on it: the record goes with the events and the COMMIT (one round trip less under the lock).
      events.sendWithCommit(recording);
      return outcome;
    }
    // Rare: events that arrived before this one wait on it. Replayed in turn, each recorded.
    await recording;
    await this.replayDeferred(tx, events, run, tip, waiting);
    return outcome;
  }

  private record(tx: TransactionSql, provider: ProviderName, eventId: string, outcome: EventOutcome, tipId: string | null) {
    return tx`
      update provider_events set outcome = ${outcome}, tip_id = ${tipId},
        applied_at = ${outcome === 'applied' ? tx`now()` : null}
      where provider = ${provider} and event_id = ${eventId}`.execute();
  }

  /** Events that arrived before the event they depend on, applied in arrival order once it is in. */
  private async replayDeferred(
    tx: TransactionSql,
    events: EventWriter,
    trigger: Run,
    paid: TipRow,
    firstRound: DeferredEvent[],
  ): Promise<void> {
    const { provider } = trigger;
    const tipId = paid.id;
    const refs = { tipId, channelId: paid.channelId };
    let waiting = firstRound;
    for (let round = 0; round < MAX_REPLAY_ROUNDS && waiting.length > 0; round++) {
      let progressed = false;
      for (const row of waiting) {
        const tip = await lockTip(tx, tipId);
        if (!tip) return;
        // The deferred event's own delivery is not at hand: its review keeps the event as we read it.
        const run: Run = { provider, event: row.event, raw: undefined, flags: trigger.flags, applied: trigger.applied };
        const flag = this.flagger(tx, events, run, refs);
        let outcome: EventOutcome;
        try {
          outcome = await this.applyToTip(tx, events, tip, row.event, flag);
        } catch (error) {
          // Every check runs before any write, so a refusal here leaves the transaction clean.
          if (!(error instanceof AppError) || error.code !== 'PAYMENT_MISMATCH') throw error;
          await flag('payment_mismatch', {
            message: error.message,
            deferred: true,
            ...(typeof error.details === 'object' && error.details !== null ? error.details : {}),
          });
          outcome = 'rejected';
        }
        if (outcome === 'applied') run.applied.push({ tipId, event: row.event });
        if (outcome !== 'deferred') {
          await this.record(tx, provider, row.eventId, outcome, tipId);
          progressed = true;
        }
      }
      if (!progressed) return;
      waiting = await deferredOf(tx, tipId);
    }
  }

  private async applyToTip(tx: TransactionSql, events: EventWriter, tip: TipRow, event: PaymentEvent, flag: Flag): Promise<EventOutcome> {
    switch (event.kind) {
      case 'payment_succeeded':
        return this.succeeded(tx, events, tip, event, flag);
      case 'payment_failed':
        return this.failed(tx, events, tip, event.reason);
      case 'refund':
        return this.refund(tx, events, tip, event, flag);
      case 'dispute_opened':
        return this.disputeOpened(tx, events, tip, event, flag);
      case 'dispute_closed':
        return this.disputeClosed(tx, events, tip, event);
      case 'ignored':
        return 'ignored';
      case 'refused':
        // Handled before any tip is locked (apply); never deferred, so never replayed here.
        return 'refused';
    }
  }

  private async succeeded(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'payment_succeeded' }>,
    flag: Flag,
  ): Promise<EventOutcome> {
    if (tip.paidAt) return this.paidAgain(tx, tip, event, flag);
    // At least the tip's amount: less is a contradiction (422); more is an overpayment, booked to suspense below.
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
    const above = event.amount - tip.amount;
    if (above > 0) {
      await this.money.overpaid(tx, tip, event.eventId, above);
      await flag('overpayment', { tipAmount: tip.amount, paid: event.amount, currency: tip.currency, suspense: above });
    }
    return 'applied';
  }

  /**
   * A success for a tip already paid. A late copy of the payment that paid it is stale; a success of another
   * attempt on the same order (Cashfree) is money collected twice: all of it goes to suspense, flagged, and the tip
   * stays as it is.
   */
  private async paidAgain(
    tx: TransactionSql,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'payment_succeeded' }>,
    flag: Flag,
  ): Promise<EventOutcome> {
    if (event.attemptId === undefined) return 'stale';
    const [first] = await tx<{ attemptId: string | null }[]>`
      select event ->> 'attemptId' as attempt_id from provider_events
      where tip_id = ${tip.id} and kind = 'payment_succeeded' and outcome = 'applied' limit 1`;
    if (!first?.attemptId || first.attemptId === event.attemptId) return 'stale';
    checkMoney(tip, event.amount, event.currency, 'paid again', Number.MAX_SAFE_INTEGER);
    await this.money.overpaid(tx, tip, event.eventId, event.amount);
    await flag('second_payment', {
      paidBy: first.attemptId,
      attemptId: event.attemptId,
      amount: event.amount,
      currency: tip.currency,
      suspense: event.amount,
    });
    return 'flagged';
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
    flag: Flag,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [known] = await tx<{ status: string; posted: boolean; amount: number }[]>`
      select status, posted, amount from tip_refunds where tip_id = ${tip.id} and refund_id = ${event.refundId} for update`;
    // Where a succeeded refund is final (Cashfree), success and failure of one refund contradict each other, in either
    // order: the viewer may well have the money. Undoing the refund would pay the streamer money that is gone, so the
    // second report is kept for a person to settle and nothing moves.
    const contradiction =
      event.successIsFinal === true &&
      ((event.status === 'failed' && known?.status === 'succeeded') || (event.status === 'succeeded' && known?.status === 'failed'));
    if (contradiction) {
      const reason = event.status === 'failed' ? 'refund_failed_after_success' : 'refund_succeeded_after_failure';
      await flag(reason, { refundId: event.refundId, amount: known?.amount ?? event.amount, currency: tip.currency, kept: known?.status });
      return 'flagged';
    }
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

  /**
   * A dispute withdraws its amount — up to the whole tip, whatever refunds gave back before: a chargeback of the
   * whole charge after a partial refund takes the money twice, and the provider takes it all the same. What was left
   * of the tip is reversed like a refund; the rest (the excess) is a receivable from the channel, booked against its
   * available balance (payouts wait while it is negative), and flagged for review.
   */
  private async disputeOpened(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'dispute_opened' }>,
    flag: Flag,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [known] = await tx<{ status: string }[]>`
      select status from tip_disputes where tip_id = ${tip.id} and dispute_id = ${event.disputeId}`;
    if (known?.status === 'open') return 'stale';
    if (known) {
      // Closed, then reported open (a pre-arbitration after a win, or an update delivered late): a person decides.
      await flag('dispute_reopened', { disputeId: event.disputeId, closedAs: known.status, amount: event.amount, currency: tip.currency });
      return 'flagged';
    }
    checkMoney(tip, event.amount, event.currency, 'disputed', tip.amount);
    const left = tip.amount - tip.refundedAmount - tip.disputedAmount;
    const covered = Math.min(event.amount, left);
    const excess = event.amount - covered;
    if (covered > 0) await this.money.disputeOpened(tx, tip, event.disputeId, covered);
    if (excess > 0) await this.money.disputeExcess(tx, tip, event.disputeId, excess);
    await tx`update tips set disputed_amount = disputed_amount + ${covered}, updated_at = now() where id = ${tip.id}`;
    await tx`
      insert into tip_disputes (tip_id, dispute_id, amount, excess, status)
      values (${tip.id}, ${event.disputeId}, ${event.amount}, ${excess}, 'open')`;
    if (excess > 0) {
      await flag('dispute_exceeds_tip', {
        disputeId: event.disputeId,
        disputed: event.amount,
        left,
        owedByChannel: excess,
        currency: tip.currency,
      });
    }
    return this.settle(tx, events, tip.id);
  }

  private async disputeClosed(
    tx: TransactionSql,
    events: EventWriter,
    tip: TipRow,
    event: Extract<PaymentEvent, { kind: 'dispute_closed' }>,
  ): Promise<EventOutcome> {
    if (!tip.paidAt) return 'deferred';
    const [dispute] = await tx<{ status: string; amount: number; excess: number }[]>`
      select status, amount, excess from tip_disputes where tip_id = ${tip.id} and dispute_id = ${event.disputeId} for update`;
    // Closed before we heard it was opened: wait for the opening, which carries the amount.
    if (!dispute) return 'deferred';
    if (dispute.status !== 'open') return 'stale';
    if (event.outcome === 'won') {
      const covered = dispute.amount - dispute.excess;
      if (covered > 0) await this.money.disputeWon(tx, tip, event.disputeId);
      if (dispute.excess > 0) await this.money.disputeExcessWon(tx, tip, event.disputeId);
      // What the opening took from pending is back in pending: the release job moves it on.
      await tx`
        update tips set disputed_amount = disputed_amount - ${covered}, release_due = true, updated_at = now()
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

/** A tip found before its event's transaction: from the event's claim, or read by payment id. */
interface KnownTip {
  tipId: string;
  channelId: string;
}

/** The tip found by payment id is not the one the event claimed; thrown to roll back what was locked for the claim. */
class ClaimMismatch extends Error {}

function claimedChannelMissing(error: unknown): never {
  throw error instanceof AppError && error.code === 'NOT_FOUND' ? new ClaimMismatch() : error;
}

/** Records a delivered event (unless it was before) and finds the tip it is about, in one statement. */
function recordArrival(tx: TransactionSql, provider: ProviderName, event: PaymentEvent) {
  return tx<{ recorded: boolean; tipId: string | null; channelId: string | null }[]>`
    with recorded as (
      insert into provider_events (provider, event_id, provider_type, kind, payment_id, outcome, event)
      values (${provider}, ${event.eventId}, ${event.providerType}, ${event.kind}, ${event.paymentId}, 'received', ${tx.json(event as never)})
      on conflict (provider, event_id) do nothing
      returning event_id
    )
    select exists (select 1 from recorded) as recorded, t.id as tip_id, t.channel_id
    from (select 1) as one
    left join tips t on t.provider = ${provider} and t.payment_id = ${event.paymentId} and ${event.paymentId} <> ''`;
}

/**
 * Lock order: the channel, then the tip (a tip never moves to another channel). Sent together, executed in turn;
 * the events waiting on the tip are read once both are held.
 */
async function lockKnownTip(tx: TransactionSql, events: EventWriter, known: KnownTip): Promise<[TipRow | null, DeferredEvent[]]> {
  const [, tip, waiting] = await Promise.all([events.lock(known.channelId), lockTip(tx, known.tipId), deferredOf(tx, known.tipId)]);
  return [tip, waiting];
}

/** The tip's events that wait for one applied before them, in arrival order. */
function deferredOf(tx: TransactionSql, tipId: string): Promise<DeferredEvent[]> {
  return tx<DeferredEvent[]>`
    select event_id, event from provider_events
    where tip_id = ${tipId} and outcome = 'deferred' order by received_at, event_id`;
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
 * A provider event must be about the money we asked for: the same currency, and for a payment at
 * least the tip's amount (more is an overpayment, booked to suspense); a refund at most what is
 * left, a dispute at most the tip. Anything else is refused before a single write, so the ledger
 * is never touched by a contradiction.
 */
function checkMoney(tip: TipRow, amount: number, currency: string, what: string, atMost?: number): void {
  const currencyMatches = currency.toUpperCase() === tip.currency;
  const amountMatches = Number.isSafeInteger(amount) && (atMost === undefined ? amount >= tip.amount : amount > 0 && amount <= atMost);
  if (currencyMatches && amountMatches) return;
  throw new AppError('PAYMENT_MISMATCH', `The provider reports ${amount} ${currency} ${what}, which does not match tip ${tip.id}`, {
    tipId: tip.id,
    expected: atMost === undefined ? { atLeast: tip.amount, currency: tip.currency } : { atMost, currency: tip.currency },
    received: { amount, currency },
  });
}

/** What an applied event did to its tip, as counted in metrics and logged: paid, failed, refunded, disputed, dispute_won… */
function tipOutcomeOf(event: PaymentEvent): string {
  switch (event.kind) {
    case 'payment_succeeded':
      return 'paid';
    case 'payment_failed':
      return 'failed';
    case 'refund':
      return event.status === 'succeeded' ? 'refunded' : `refund_${event.status}`;
    case 'dispute_opened':
      return 'disputed';
    case 'dispute_closed':
      return `dispute_${event.outcome}`;
    default:
      return event.kind;
  }
}
