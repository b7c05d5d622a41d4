import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where the relay reports how long a committed event waited before it was published. */
export interface RelayLagMetric {
  relayLag(seconds: number): void;
}

/** Where tips and payouts report the outcome of a change once it committed (paid, failed, refunded, …). */
export interface OutcomeMetrics {
  tip(outcome: string): void;
  payout(rail: string, outcome: string): void;
}

/** Where the webhook pipeline reports each delivery: processed, refused (signature), unconfigured, failed. */
export interface WebhookMetrics {
  webhookDelivery(provider: string, outcome: string): void;
}

/** Records nothing: for code built outside a server (unit tests, tools). */
export const noMetrics: RelayLagMetric & OutcomeMetrics & WebhookMetrics = {
  relayLag: () => {},
  tip: () => {},
  payout: () => {},
  webhookDelivery: () => {},
};

/**
 * One server's Prometheus metrics, in a registry of its own: the process-wide default registry would mix the
 * servers several tests start in one process, and refuse the second one's metric names.
 */
export class ServerMetrics implements RelayLagMetric, OutcomeMetrics, WebhookMetrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: 'tipchat_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly relayLagSeconds = new Histogram({
    name: 'tipchat_event_relay_lag_seconds',
    help: 'Time from a channel event being committed to its publish by the relay',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly skippedEvents = new Counter({
    name: 'tipchat_realtime_events_skipped_total',
    help: 'Channel events this process waited for in vain (a publish lost between processes): clients fetched them from the log',
    registers: [this.registry],
  });
  private readonly tips = new Counter({
    name: 'tipchat_tips_total',
    help: 'Tip changes applied, by outcome (paid, failed, refunded, disputed, …)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly payouts = new Counter({
    name: 'tipchat_payouts_total',
    help: 'Payout status changes applied, by rail and outcome (processing, succeeded, failed, reversed, unknown)',
    labelNames: ['rail', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly webhooks = new Counter({
    name: 'tipchat_webhook_deliveries_total',
    help: 'Provider webhook deliveries by provider and outcome (processed, refused, unconfigured, failed)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [this.registry],
  });
  private connectionSources: (() => number)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const sources = () => this.connectionSources;
    new Gauge({
      name: 'tipchat_realtime_connections',
      help: 'Open realtime connections (socket.io and the WebSocket feed) in this process',
      registers: [this.registry],
      collect() {
        this.set(sources().reduce((sum, count) => sum + count(), 0));
      },
    });
  }

  /** `route` is the route's pattern (`/api/v1/channels/:slug`), never the raw URL: one series per route, not per URL. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  relayLag(seconds: number): void {
    this.relayLagSeconds.observe(Math.max(0, seconds));
  }

  /** Channel events the in-order delivery stopped waiting for (realtime/in-order-delivery.ts). */
  eventsSkipped(count: number): void {
    this.skippedEvents.inc(count);
  }

  tip(outcome: string): void {
    this.tips.inc({ outcome });
  }

  payout(rail: string, outcome: string): void {
    this.payouts.inc({ rail, outcome });
  }

  webhookDelivery(provider: string, outcome: string): void {
    this.webhooks.inc({ provider, outcome });
  }

  /** Counted at every scrape: the realtime layer hands in how it counts its open connections. */
  countConnections(count: () => number): void {
    this.connectionSources.push(count);
  }
}
