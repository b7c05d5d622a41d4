import type { FastifyBaseLogger } from 'fastify';
import { PayoutRails } from '../../integrations/payout-rails';
import { noMetrics, type OutcomeMetrics } from '../../metrics/server-metrics';
import { PeriodicJob } from '../../periodic-job';
import type { PayoutRailSet } from '../../providers/payout-rail-set';
import type { FeatureDeps } from '../deps';
import { PayoutPoller } from './poller';
import { PayoutSender } from './sender';
import { PayoutService } from './service';
import { StripeAccountService } from './stripe-accounts';
import { PayoutSweep } from './sweep';
import { PayoutTransitions } from './transitions';

export interface Payouts {
  rails: PayoutRailSet;
  service: PayoutService;
  stripeAccounts: StripeAccountService;
  transitions: PayoutTransitions;
  /** Tests and tools call `pollDue(now)` / `runDue(now)` directly; the jobs call them on their intervals. */
  poller: PayoutPoller;
  sweep: PayoutSweep;
  /** Starts the status poller (every PAYOUT_POLL_MS) and the daily sweep's check (every PAYOUT_SWEEP_MS). */
  start(): void;
  /** Stops both and waits for a run in flight, before the database closes. */
  stop(): Promise<void>;
}

/** Builds the payouts feature (except beneficiaries, which have their own service): rails from the configuration, one transition path. */
export function assemblePayouts(deps: FeatureDeps, log: FastifyBaseLogger, metrics: OutcomeMetrics = noMetrics): Payouts {
  const payoutLog = log.child({ feature: 'payouts' });
  const rails = PayoutRails.fromConfig(deps.config, payoutLog);
  const transitions = new PayoutTransitions(deps.events, payoutLog, metrics);
  const sender = new PayoutSender(deps.sql, rails, transitions, payoutLog);
  const poller = new PayoutPoller(deps.sql, rails, transitions, payoutLog);
  const sweep = new PayoutSweep(deps.events, rails, sender, deps.config.payouts, payoutLog);
  const jobs = [
    { job: new PeriodicJob('payout-poll', () => poller.pollDue(), payoutLog), everyMs: deps.config.payouts.pollMs },
    { job: new PeriodicJob('payout-sweep', () => sweep.runDue(), payoutLog), everyMs: deps.config.payouts.sweepMs },
  ];
  return {
    rails,
    service: new PayoutService(deps, rails, sender),
    stripeAccounts: new StripeAccountService(deps, rails.stripeAccounts, payoutLog),
    transitions,
    poller,
    sweep,
    start: () => {
      for (const { job, everyMs } of jobs) job.start(everyMs);
    },
    stop: async () => {
      await Promise.all(jobs.map(({ job }) => job.stop()));
    },
  };
}
