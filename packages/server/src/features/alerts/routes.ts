import {
  alertListQuerySchema,
  alertListSchema,
  alertParamsSchema,
  alertQueueSchema,
  alertSchema,
  alertSettingsSchema,
  channelParamsSchema,
  errorBodySchema,
  updateAlertSettingsBodySchema,
} from '@tipchat/sdk/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { QUEUE_LIMIT } from './queries';
import type { AlertService } from './service';
import { sendTestAlert } from './test-alert';

const tags = ['alerts'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };
const conflict = { 409: errorBodySchema };

/**
 * The alert queue of a channel. Overlays read it when they (re)connect and acknowledge what they
 * played; the dashboard pauses, skips and replays. Every change is an `alert.*` staff event.
 */
export const alertRoutes: FastifyPluginAsyncZod<{ deps: FeatureDeps; alerts: AlertService }> = async (app, { deps, alerts }) => {
  app.get(
    '/channels/:slug/alerts/queue',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: `Alert settings and the queued alerts, oldest first (at most ${QUEUE_LIMIT}): what an overlay plays after (re)connecting`,
        params: channelParamsSchema,
        response: { 200: alertQueueSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return alerts.queue(channel, actor);
    },
  );

  app.get(
    '/channels/:slug/alerts',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Recently changed alerts, newest first, optionally of one status (streamer, moderators, API keys)',
        params: channelParamsSchema,
        querystring: alertListQuerySchema,
        response: { 200: alertListSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return { alerts: await alerts.list(channel, actor, request.query) };
    },
  );

  app.post(
    '/channels/:slug/alerts/test',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Play a test alert on every overlay (an alert.test event; no tip, no money, nothing queued)',
        params: channelParamsSchema,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return sendTestAlert(deps, channel, actor);
    },
  );

  app.patch(
    '/channels/:slug/alerts/settings',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Pause or resume alerts, or change the minimum amount for an alert (streamer and moderators)',
        params: channelParamsSchema,
        body: updateAlertSettingsBodySchema,
        response: { 200: alertSettingsSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return alerts.updateSettings(channel, actor, request.body);
    },
  );

  app.post(
    '/channels/:slug/alerts/:tipId/shown',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'The overlay played this alert; saying so again changes nothing, and a skipped alert answers 409 ALERT_SKIPPED',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return alerts.shown(channel, actor, request.params.tipId);
    },
  );

  app.post(
    '/channels/:slug/alerts/:tipId/skip',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Take a queued alert out of the queue (streamer and moderators); overlays drop it, or stop it if playing',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return alerts.skip(channel, actor, request.params.tipId);
    },
  );

  app.post(
    '/channels/:slug/alerts/:tipId/replay',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Queue a shown or skipped alert again, at the back (streamer and moderators); not for refunded or disputed tips',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = await deps.access.forRequest(request, request.params.slug);
      return alerts.replay(channel, actor, request.params.tipId);
    },
  );
};
