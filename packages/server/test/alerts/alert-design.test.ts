import type { AlertDesignInput } from '@tipchat/sdk';
import { describe, expect, it } from 'vitest';
import { PNG, silentWav } from '../media/fixtures';
import { expectValidation, send } from '../support/raw';
import { useTestServer } from '../support/server';
import { alertChannel, alertEventsAfter, head } from './fixtures';

const server = useTestServer();
let channels = 0;
const fresh = () => alertChannel(server, `alert-design-${++channels}`);

const tokenOf = (client: { tokens: { accessToken: string } | null }) => client.tokens?.accessToken ?? '';

describe('the alert design in the alert settings', () => {
  it('stores variations chosen by amount, fills in defaults, reaches overlays as a settings event, and clears with null', async () => {
    const { slug, owner, overlay } = await fresh();
    const image = await owner.media.upload(slug, new Uint8Array(PNG));
    const sound = await owner.media.upload(slug, new Uint8Array(silentWav()));
    const start = await head(owner, slug);
    const design: AlertDesignInput = {
      default: { template: '{name} sent {amount}', sound: { builtin: 'chime' } },
      variations: [
        {
          label: 'big',
          minAmount: 1_000,
          maxAmount: null,
          media: { sha256: image.sha256, type: 'image/png' },
          sound: { sha256: sound.sha256, type: 'audio/wav' },
          layout: 'left',
          volume: 60,
        },
        { label: 'mid', minAmount: 500, maxAmount: 1_000, animationIn: 'slide', highlightColor: '#ff8800' },
      ],
    };
    const saved = await owner.alerts.updateSettings(slug, { design });
    expect(saved.design?.default).toMatchObject({
      template: '{name} sent {amount}',
      layout: 'above',
      animationIn: 'zoom',
      volume: 80,
      tts: false,
      media: null,
    });
    expect(saved.design?.variations[0]).toMatchObject({
      minAmount: 1_000,
      maxAmount: null,
      layout: 'left',
      volume: 60,
      media: { sha256: image.sha256 },
    });
    expect((await overlay.alerts.queue(slug)).settings).toEqual(saved);
    const events = await alertEventsAfter(owner, slug, start);
    expect(events.map((event) => [event.type, event.data])).toEqual([['alert.settings_updated', saved]]);

    // Other settings leave the design alone; null clears it (the classic alert again).
    expect((await owner.alerts.updateSettings(slug, { paused: true })).design).toEqual(saved.design);
    expect(await owner.alerts.updateSettings(slug, { design: null, paused: false })).toEqual({ minAmount: 0, paused: false });
  });

  it('refuses overlapping ranges and an upper amount not above the lower with 400, changing nothing', async () => {
    const { slug, owner } = await fresh();
    const path = `/api/v1/channels/${slug}/alerts/settings`;
    const overlapping = {
      design: {
        default: {},
        variations: [
          { minAmount: 1_000, maxAmount: null },
          { minAmount: 500, maxAmount: 1_500 },
        ],
      },
    };
    const response = await send(server, { method: 'PATCH', path, token: tokenOf(owner), json: overlapping });
    expectValidation(response, ['body.design.variations.0.minAmount'], 'overlap');

    const upsideDown = { design: { default: {}, variations: [{ minAmount: 1_000, maxAmount: 1_000 }] } };
    expectValidation(await send(server, { method: 'PATCH', path, token: tokenOf(owner), json: upsideDown }), [
      'body.design.variations.0.maxAmount',
    ]);

    const unbounded = {
      design: {
        default: {},
        variations: [
          { minAmount: 0, maxAmount: null },
          { minAmount: 5_000, maxAmount: 6_000 },
        ],
      },
    };
    expectValidation(await send(server, { method: 'PATCH', path, token: tokenOf(owner), json: unbounded }), [
      'body.design.variations.1.minAmount',
    ]);

    expect((await owner.alerts.queue(slug)).settings).toEqual({ minAmount: 0, paused: false });
  });

  it('refuses what it cannot play safely: a colour that is not #rrggbb, a layout it does not know, an upload of another channel', async () => {
    const { slug, owner } = await fresh();
    const other = await fresh();
    const theirs = await other.owner.media.upload(other.slug, new Uint8Array(PNG));
    const path = `/api/v1/channels/${slug}/alerts/settings`;
    const token = tokenOf(owner);
    const bad = (variation: Record<string, unknown>) =>
      send(server, { method: 'PATCH', path, token, json: { design: { default: variation } } });
    expectValidation(await bad({ textColor: 'red;background:url(x)' }), ['body.design.default.textColor']);
    expectValidation(await bad({ layout: 'sideways' }), ['body.design.default.layout']);
    expectValidation(await bad({ media: { sha256: theirs.sha256, type: 'image/png' } }), ['body.design'], 'upload it first');
    expectValidation(await bad({ sound: { sha256: theirs.sha256, type: 'image/png' } }), ['body.design.default.sound.type'], 'a sound');
    expect((await owner.alerts.queue(slug)).settings).toEqual({ minAmount: 0, paused: false });
  });
});
