import type { FastifyBaseLogger } from 'fastify';
import { PaymentProviders } from '../../integrations/payment-providers';
import { noMetrics, type OutcomeMetrics } from '../../metrics/server-metrics';
import type { FeatureDeps } from '../deps';
import type { GoalService } from '../goals/service';
import { TipProcessor } from './processor';
import { ReleaseJob } from './release-job';
import { TipService } from './service';
import { TierService } from './tiers';
import type { TipAlerts } from './tip-alerts';
import { TipEffects } from './tip-effects';
import { TipMoneyBook } from './tip-money';

export interface Tips {
  providers: PaymentProviders;
  processor: TipProcessor;
  service: TipService;
  tiers: TierService;
  release: ReleaseJob;
}

/** Builds the tips feature: providers from the configuration, one processor every event goes through. */
export function assembleTips(
  deps: FeatureDeps,
  alerts: TipAlerts,
  goals: GoalService,
  log: FastifyBaseLogger,
  metrics: OutcomeMetrics = noMetrics,
): Tips {
  const providers = new PaymentProviders(deps.config.payments, (error) => log.error({ err: error }, 'dev checkout confirmation failed'));
  const money = new TipMoneyBook(deps.config.payments);
  const processor = new TipProcessor(deps, money, new TipEffects(alerts, goals), log, metrics);
  providers.dev?.connect(async (provider, events) => {
    for (const event of events) await processor.apply(provider, event);
  });
  return {
    providers,
    processor,
    service: new TipService(deps, providers, log),
    tiers: new TierService(deps),
    release: new ReleaseJob(deps.sql, money, log),
  };
}
