import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import packageJson from '../package.json' with { type: 'json' };
import type { Config } from './config';
import { ChannelAccess } from './features/access/channel-access';
import { realtimeAccess } from './features/access/realtime-access';
import { adminRoutes } from './features/admin/routes';
import { alertRoutes } from './features/alerts/routes';
import { AlertService } from './features/alerts/service';
import { AccessTokens, type Clock } from './features/auth/access-tokens';
import { defineAuthMails } from './features/auth/auth-mails';
import { authGuardPlugin } from './features/auth/guard';
import { authPageRoutes } from './features/auth/page-routes';
import { authRoutes } from './features/auth/routes';
import { AuthService } from './features/auth/service';
import { channelPageRoutes } from './features/channel-page/routes';
import { channelRoutes } from './features/channels/routes';
import { ChannelService } from './features/channels/service';
import { chatRoutes } from './features/chat/routes';
import { ChatService } from './features/chat/service';
import { registerChatSocketHandlers } from './features/chat/socket-send';
import { dashboardPageRoutes } from './features/dashboard-page/routes';
import type { FeatureDeps } from './features/deps';
import { devRoutes } from './features/dev/routes';
import { eventRoutes } from './features/events/routes';
import { LeaderboardPush } from './features/goals/leaderboard-push';
import { goalRoutes } from './features/goals/routes';
import { GoalService } from './features/goals/service';
import { healthRoutes } from './features/health/routes';
import { IdempotencyExpiry } from './features/idempotency/expiry';
import { keyRoutes } from './features/keys/routes';
import { KeyService } from './features/keys/service';
import { mediaRoutes } from './features/media/routes';
import { mediaFileRoutes } from './features/media/serve-routes';
import { MediaService } from './features/media/service';
import { moderationRoutes } from './features/moderation/routes';
import { operatorRoutes } from './features/operator/routes';
import { overlayPageRoutes } from './features/overlay-page/routes';
import { assemblePayouts, type Payouts } from './features/payouts/assemble';
import { beneficiaryRoutes } from './features/payouts/beneficiaries/routes';
import { BeneficiaryService } from './features/payouts/beneficiaries/service';
import { payoutRoutes } from './features/payouts/routes';
import { payoutWebhookRoutes } from './features/payouts/webhook-routes';
import { reviewRoutes } from './features/review/review-routes';
import { assembleTips, type Tips } from './features/tips/assemble';
import { tipFeedRoutes } from './features/tips/feed-routes';
import { TipFeedService } from './features/tips/feed-service';
import { tipRoutes } from './features/tips/routes';
import { webhookRoutes } from './features/tips/webhook-routes';
import { assembleTts } from './features/tts/assemble';
import { ttsSettingsRoutes, ttsSpeechRoutes } from './features/tts/routes';
import { userRoutes } from './features/users/routes';
import { UserService } from './features/users/service';
import { viewerRoutes } from './features/viewers/routes';
import { widgetAssetRoutes } from './features/widget-assets/routes';
import { BoundedClose } from './http-shutdown';
import { httpTimeoutOptions } from './http-timeouts';
import { loadProviderSdks } from './integrations/provider-sdks';
import { loggerOptions } from './logger';
import { MailQueue } from './mail/mail-queue';
import { ServerMetrics } from './metrics/server-metrics';
import { databasePlugin } from './plugins/database';
import { errorHandlerPlugin } from './plugins/error-handler';
import { mailPlugin } from './plugins/mail';
import { metricsPlugin } from './plugins/metrics';
import { openApiPlugin } from './plugins/openapi';
import { redisPlugin } from './plugins/redis';
import { requestIdPlugin } from './plugins/request-id';
import { securityPlugin } from './plugins/security';
import { Broadcast } from './realtime/broadcast';
import { EventLog } from './realtime/event-log';
import { registerRealtime } from './realtime/plugin';
import { Relay } from './realtime/relay';
import { SocketHandlers } from './realtime/socket-handlers';
import { REQUEST_ID_HEADER, requestOptions } from './request-id';

declare module 'fastify' {
  interface FastifyInstance {
    /** The channel event log (tests and tools read and append through it). */
    eventLog: EventLog;
    /** Where the relay hands committed events to this process's fan-out (tests check the fan-out's order through it). */
    broadcast: Broadcast;
    /** The feature services, for tests, benchmarks and background jobs of this process. */
    services: Services;
    /** The durable mail outbox (requests queue mail here; a background job delivers it). */
    mailQueue: MailQueue;
  }
}

export type TipchatServer = FastifyInstance;

export interface Services {
  deps: FeatureDeps;
  alerts: AlertService;
  goals: GoalService;
  /** Pushes leaderboards after tips moved them, coalesced per channel. */
  leaderboards: LeaderboardPush;
  tips: Tips;
  payouts: Payouts;
}

export interface BuildOptions {
  /** The clock access tokens are signed and checked with (default: the system's); tests move theirs forward. */
  clock?: Clock;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
}

/**
 * Assembles tipchat from its plugins. It never listens: the CLI does, and tests call
 * `listen({ port: 0 })` on their own instance.
 */
export async function buildServer(config: Config, options: BuildOptions = {}): Promise<TipchatServer> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    ...requestOptions(),
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    ...httpTimeoutOptions(config.http),
    // Starting PGlite and migrating can take a while on a busy machine; ten seconds is not enough.
    pluginTimeout: 120_000,
    // Long path parameters reach validation and get our 400, instead of the router's bare 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2_048 },
    frameworkErrors: (error, request, reply: FastifyReply) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      // Errors raised before routing (a broken URL) skip the error handler; give them our shape too.
      reply.code(400).send({ error: { code: 'BAD_REQUEST', message: error.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  try {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    // The API speaks JSON: a text/plain body is a client mistake to name (415), not a string to validate.
    app.removeContentTypeParser('text/plain');
    // First of the close hooks: the bound on the close runs from its start.
    const boundedClose = new BoundedClose(app.server, config.http.shutdownGraceMs, (stillOpen) =>
      app.log.warn({ stillOpen, graceMs: config.http.shutdownGraceMs }, 'shutdown grace over: cutting the connections still open'),
    );
    app.addHook('preClose', async () => boundedClose.begin());
    await app.register(errorHandlerPlugin);
    await app.register(requestIdPlugin);
    const metrics = new ServerMetrics();
    await app.register(metricsPlugin, { metrics, token: config.metricsToken });
    await app.register(redisPlugin, { redis: config.redis });
    await app.register(databasePlugin, { database: config.database });
    await app.register(mailPlugin, { mail: config.mail });
    await app.register(securityPlugin, { config });
    await app.register(openApiPlugin, { config, version: packageJson.version });

    const tokens = await AccessTokens.create(app.sql, config.secret, config.accessTokenTtl, options.clock);
    await app.register(authGuardPlugin, { tokens });
    const mailQueue = new MailQueue(app.sql, app.mailer, app.log.child({ job: 'mail-outbox' }), config.mailRetryBaseMs);
    defineAuthMails(mailQueue, app.sql, config.publicUrl);
    app.decorate('mailQueue', mailQueue);
    const auth = new AuthService({
      sql: app.sql,
      mail: mailQueue,
      tokens,
      refreshTokenTtl: config.refreshTokenTtl,
      registration: config.registration,
    });
    const broadcast = new Broadcast();
    // Without Redis this process is the only one on its database (another could not reach its clients).
    const relay = new Relay(app.database.relaySql, broadcast.publish, app.log, { metrics, soleProcess: config.redis === null });
    const events = new EventLog(app.sql, relay);
    const deps: FeatureDeps = { sql: app.sql, config, redis: app.redis, tokens, events, access: new ChannelAccess(app.sql, tokens) };
    const users = new UserService(deps, auth);
    const channels = new ChannelService(deps);
    const chat = new ChatService(deps, { flood: config.chatFlood });
    // Idempotency keys of chat sends and tip starts expire after a day (migration 0011).
    const idempotencyExpiry = new IdempotencyExpiry(app.sql, app.log);
    app.addHook('onReady', async () => idempotencyExpiry.start());
    app.addHook('preClose', () => idempotencyExpiry.stop());
    const alerts = new AlertService(deps);
    const goals = new GoalService(deps);
    const leaderboards = new LeaderboardPush(app.sql, events, app.log.child({ job: 'leaderboard-push' }));
    // Every change of a tip's money is announced as tip.updated: once the relay published it, the leaderboards it moved are due.
    broadcast.add((event) => {
      if (event.type === 'tip.updated') leaderboards.wake(event.channelId);
    });
    await loadProviderSdks(config);
    const tips = assembleTips(deps, alerts, goals, app.log, metrics);
    const payouts = assemblePayouts(deps, app.log, metrics);
    // Speech loads its engine on first use; closing ends the engine's process, if it started.
    const tts = assembleTts(deps);
    app.addHook('onClose', async () => tts.close());
    app.addHook('onReady', async () => {
      mailQueue.start();
      tips.release.start(config.payments.releaseSweepMs);
      leaderboards.start(config.leaderboardSweepMs);
      payouts.start();
    });
    // Before the database closes: a release batch in flight finishes, a pending dev confirmation is dropped.
    app.addHook('preClose', async () => {
      tips.providers.close();
      await mailQueue.stop();
      await tips.release.stop();
      await leaderboards.stop();
      await payouts.stop();
    });
    // The dev outbox shows every mailed link (password resets included) to anyone: never in production.
    const outbox = config.mode === 'production' ? null : app.outbox;
    const socketHandlers = new SocketHandlers();
    registerChatSocketHandlers(socketHandlers, deps, chat);
    await registerRealtime(app, {
      deps: { sql: deps.sql, config, redis: deps.redis, events, access: realtimeAccess(deps.access) },
      socketHandlers,
      relay,
      broadcast,
      sweepEveryMs: config.relaySweepMs,
      metrics,
    });
    app.decorate('eventLog', events);
    app.decorate('broadcast', broadcast);
    app.decorate('services', { deps, alerts, goals, leaderboards, tips, payouts });

    await app.register(healthRoutes);
    await app.register(authPageRoutes, { auth });
    await app.register(overlayPageRoutes, { deps });
    await app.register(mediaFileRoutes, { deps });
    await app.register(channelPageRoutes, { deps });
    await app.register(dashboardPageRoutes);
    await app.register(widgetAssetRoutes, { config });
    await app.register(
      async (api) => {
        await api.register(authRoutes, { prefix: '/auth', auth, rateLimit: config.authRateLimit });
        await api.register(userRoutes, { prefix: '/user', users });
        await api.register(channelRoutes, { channels });
        await api.register(eventRoutes, { deps });
        await api.register(viewerRoutes, { deps, viewers: chat.viewers });
        await api.register(chatRoutes, { deps, chat });
        await api.register(moderationRoutes, { deps });
        await api.register(keyRoutes, { deps, keys: new KeyService(deps) });
        await api.register(tipRoutes, { deps, tips: tips.service, tiers: tips.tiers, devCheckout: tips.providers.dev !== null });
        await api.register(webhookRoutes, { providers: tips.providers, processor: tips.processor, metrics });
        await api.register(tipFeedRoutes, { deps, feed: new TipFeedService(deps) });
        await api.register(alertRoutes, { deps, alerts });
        await api.register(mediaRoutes, { deps, media: new MediaService(deps) });
        await api.register(goalRoutes, { deps, goals });
        await api.register(ttsSettingsRoutes, { deps, tts });
        await api.register(ttsSpeechRoutes, { deps, tts });
        await api.register(beneficiaryRoutes, {
          prefix: '/payout',
          beneficiaries: await BeneficiaryService.create(deps, payouts.rails.cashfree, app.log),
        });
        await api.register(payoutRoutes, {
          prefix: '/payout',
          sql: app.sql,
          payouts: payouts.service,
          stripeAccounts: payouts.stripeAccounts,
        });
        await api.register(payoutWebhookRoutes, { ...payouts, metrics });
        await api.register(reviewRoutes, { prefix: '/admin/provider-events', sql: app.sql });
        await api.register(adminRoutes, { sql: app.sql, publicUrl: config.publicUrl });
        await api.register(operatorRoutes, {
          prefix: '/admin',
          sql: app.sql,
          tips: tips.service,
          configuredFee: config.payments.fee,
          registration: config.registration,
        });
        if (outbox) await api.register(devRoutes, { outbox, flush: () => mailQueue.flush() });
      },
      { prefix: '/api/v1' },
    );
    await app.ready();
    return app;
  } catch (error) {
    await app.close().catch(() => {});
    throw error;
  }
}
