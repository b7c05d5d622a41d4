import {
  alertListQuerySchema,
  alertListSchema,
  alertParamsSchema,
  alertQueueSchema,
  alertSchema,
  alertSettingsSchema,
  channelParamsSchema,
  updateAlertSettingsBodySchema,
} from '@tipchat/sdk/protocol';
import { errorResponses } from '../../plugins/error-responses';
import { channelScoped } from '../access/channel-routes';
import { bearerSecurity } from '../auth/guard';
import type { FeatureDeps } from '../deps';
import { QUEUE_LIMIT } from './queries';
import type { AlertService } from './service';
import { sendTestAlert } from './test-alert';

const tags = ['alerts'];
const errors = errorResponses(400, 401, 403, 404);
const conflict = errorResponses(409);

/**
 * The alert queue of a channel. Overlays read it when they (re)connect and acknowledge what they
 * played; the dashboard pauses, skips and replays. Every change is an `alert.*` staff event. Who
 * may do what (overlay, staff, API keys) is the alert service's to decide (alerts/roles.ts).
 */
export const alertRoutes = channelScoped<{ deps: FeatureDeps; alerts: AlertService }>(async (app, { deps, alerts }) => {
  app.get(
    '/alerts/queue',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: `Alert settings and the queued alerts, oldest first (at most ${QUEUE_LIMIT}): what an overlay plays after (re)connecting`,
        params: channelParamsSchema,
        response: { 200: alertQueueSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return alerts.queue(channel, actor);
    },
  );

  app.get(
    '/alerts',
    {
      config: { channelRole: 'anyone' },
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
      const { channel, actor } = request.channelContext;
      return { alerts: await alerts.list(channel, actor, request.query) };
    },
  );

  app.post(
    '/alerts/test',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Play a test alert on every overlay (an alert.test event; no tip, no money, nothing queued)',
        params: channelParamsSchema,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return sendTestAlert(deps, channel, actor);
    },
  );

  app.patch(
    '/alerts/settings',
    {
      config: { channelRole: 'anyone' },
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
      const { channel, actor } = request.channelContext;
      return alerts.updateSettings(channel, actor, request.body);
    },
  );

  app.post(
    '/alerts/:tipId/shown',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'The overlay played this alert; saying so again changes nothing, and a skipped alert answers 409 ALERT_SKIPPED',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return alerts.shown(channel, actor, request.params.tipId);
    },
  );

  app.post(
    '/alerts/:tipId/skip',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Take a queued alert out of the queue (streamer and moderators); overlays drop it, or stop it if playing',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return alerts.skip(channel, actor, request.params.tipId);
    },
  );

  app.post(
    '/alerts/:tipId/replay',
    {
      config: { channelRole: 'anyone' },
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Queue a shown or skipped alert again, at the back (streamer and moderators); not for refunded or disputed tips',
        params: alertParamsSchema,
        response: { 200: alertSchema, ...errors, ...conflict },
      },
    },
    async (request) => {
      const { channel, actor } = request.channelContext;
      return alerts.replay(channel, actor, request.params.tipId);
    },
  );
});
