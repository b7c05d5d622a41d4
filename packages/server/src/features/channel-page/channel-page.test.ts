import { TipchatError } from '@tipchat/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, send } from '../../../test/support/raw';
import { startTestServer, type TestServer } from '../../../test/support/server';
import { type TipChannel, tipChannel } from '../../../test/support/tips';
import { paidTip } from '../goals/goals.test-support';
import { linkLabel } from './page';

let server: TestServer;
let channel: TipChannel;

beforeAll(async () => {
  server = await startTestServer();
  channel = await tipChannel(server, 'INR', 'page');
  await channel.owner.channels.update(channel.slug, { displayName: '<script>alert(1)</script> & "friends"' });
});
afterAll(() => server.close());

describe('GET /c/:slug, the channel tip page', () => {
  it('is the viewer widget on a page of its own, under a strict policy, with the name escaped', async () => {
    const response = await fetch(`${server.url}/c/${channel.slug}?theme=dark&lang=hi`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(`<tipchat-widget channel="${channel.slug}" server="${server.url}" theme="dark" lang="hi"></tipchat-widget>`);
    expect(html).toContain('<script src="/widget/v1/tipchat.js" defer></script>');
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot; · tipchat</title>');
    expect(html).not.toContain('<script>alert(1)');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    // The page's only inline script is none at all.
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('shows the avatar, description and current goal, with share-preview tags, every one of them escaped', async () => {
    const hostile = 'Speedruns <script>alert("x")</script> & "quotes" \'too\'';
    await channel.owner.channels.update(channel.slug, { description: hostile, avatarUrl: 'https://cdn.example/a.png?x=1&y="2"' });
    await channel.owner.goals.set(channel.slug, { title: 'New <b>mic</b>', target: 500_000 });
    try {
      const html = await (await fetch(`${server.url}/c/${channel.slug}`)).text();
      const name = '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;';
      const description = 'Speedruns &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;';
      const avatar = 'https://cdn.example/a.png?x=1&amp;y=&quot;2&quot;';
      expect(html).toContain(`<h1>${name}</h1>`);
      expect(html).toContain(`<p class="description">${description}</p>`);
      expect(html).toContain(`<img src="${avatar}" alt="" referrerpolicy="no-referrer">`);
      expect(html).toContain('<p><strong>New &lt;b&gt;mic&lt;/b&gt;</strong> · 0.00 INR of 5000.00 INR</p>');
      expect(html).toContain('<progress max="500000" value="0">');
      expect(html).toContain(`<meta property="og:title" content="${name}">`);
      expect(html).toContain(`<meta property="og:description" content="${description}">`);
      expect(html).toContain(`<meta name="description" content="${description}">`);
      expect(html).toContain(`<meta property="og:image" content="${avatar}">`);
      expect(html).toContain(`<meta property="og:url" content="${server.url}/c/${channel.slug}">`);
      expect(html).toContain('<meta name="twitter:card" content="summary">');
      expect(html).toContain(`<meta name="twitter:image" content="${avatar}">`);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<b>mic');
      expect(html.match(/<script/g)).toHaveLength(1);
    } finally {
      await channel.owner.goals.remove(channel.slug);
      await channel.owner.channels.update(channel.slug, { description: '', avatarUrl: null });
    }
  });

  it("shows the banner, the streamer's links in their order and the top supporters, all escaped", async () => {
    const links = ['https://www.twitch.tv/someone', 'https://x.com/someone', 'https://example.org/a?b=1&c="2"'];
    await channel.owner.channels.update(channel.slug, { bannerUrl: 'https://cdn.example/banner.png', links });
    await paidTip(server, channel.id, { amount: 90_000, currency: 'INR', displayName: 'Big <Fan>' });
    await paidTip(server, channel.id, { amount: 20_000, currency: 'INR', displayName: 'Second' });
    await paidTip(server, channel.id, { amount: 50_000, currency: 'INR', displayName: 'Second' });
    try {
      const html = await (await fetch(`${server.url}/c/${channel.slug}`)).text();
      expect(html).toContain('<img class="banner" src="https://cdn.example/banner.png" alt="" referrerpolicy="no-referrer">');
      expect(html).toContain(
        '<ul class="links"><li><a href="https://www.twitch.tv/someone" rel="me noopener ugc" target="_blank">Twitch</a></li>' +
          '<li><a href="https://x.com/someone" rel="me noopener ugc" target="_blank">X</a></li>' +
          '<li><a href="https://example.org/a?b=1&amp;c=&quot;2&quot;" rel="me noopener ugc" target="_blank">example.org</a></li></ul>',
      );
      // Ranked by what each gave in all: Second's two tips (700 INR) after Big <Fan>'s one (900 INR).
      expect(html).toContain('<ol><li>Big &lt;Fan&gt; · 900.00 INR</li><li>Second · 700.00 INR</li></ol>');
      expect(html.match(/<script/g)).toHaveLength(1);
    } finally {
      await channel.owner.channels.update(channel.slug, { bannerUrl: null, links: [] });
      await server.app.sql`delete from tips where channel_id = ${channel.id}`;
    }
  });

  it('names the sites streamers link to most, and shows any other by its host', () => {
    expect(
      ['https://youtube.com/@a', 'https://www.instagram.com/a', 'https://bsky.app/profile/a', 'https://my.site/x'].map(linkLabel),
    ).toEqual(['YouTube', 'Instagram', 'Bluesky', 'my.site']);
  });

  it('refuses links that are not https, and more than five, with the field named', async () => {
    const refused = async (links: string[], message: RegExp) => {
      const error: unknown = await channel.owner.channels.update(channel.slug, { links }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TipchatError);
      expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify((error as TipchatError).details)).toMatch(message);
    };
    await refused(['http://twitch.tv/a'], /links.*https/);
    await refused(['javascript:alert(1)'], /links/);
    await refused(
      Array.from({ length: 6 }, (_, n) => `https://example.org/${n}`),
      /At most 5 links/,
    );
  });

  it('leaves out what the channel has not set: no avatar, image tags, description or goal', async () => {
    const html = await (await fetch(`${server.url}/c/${channel.slug}`)).text();
    expect(html).not.toContain('<img');
    expect(html).not.toContain('og:image');
    expect(html).not.toContain('class="description"');
    expect(html).not.toContain('class="goal"');
    // The preview still says something useful.
    expect(html).toMatch(/<meta property="og:description" content="Tip .+ and chat live\.">/);
  });

  it('lets the configured providers’ checkouts in, and only those', async () => {
    const withStripe = await startTestServer({
      DEV_PAYMENTS: 'false',
      STRIPE_SECRET_KEY: 'sk_test_page',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_page',
      STRIPE_WEBHOOK_SECRET: 'whsec_page',
    });
    try {
      const stripeChannel = await tipChannel(withStripe, 'USD', 'page-stripe');
      const csp = (await fetch(`${withStripe.url}/c/${stripeChannel.slug}`)).headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self' https://js.stripe.com;");
      expect(csp).toContain('frame-src https://js.stripe.com https://hooks.stripe.com');
      expect(csp).toContain("connect-src 'self' https://api.stripe.com");
      expect(csp).not.toContain('cashfree');
    } finally {
      await withStripe.close();
    }
  });

  it('answers an unknown channel with 404 and bad options with 400, in the standard shape', async () => {
    expectError(await send(server, { method: 'GET', path: '/c/nobody-here' }), 404, 'NOT_FOUND');
    expectError(await send(server, { method: 'GET', path: `/c/${channel.slug}?theme=neon` }), 400, 'VALIDATION_FAILED');
    expectError(await send(server, { method: 'GET', path: `/c/${channel.slug}?lang=fr` }), 400, 'VALIDATION_FAILED');
    expectError(await send(server, { method: 'GET', path: `/c/${channel.slug}?script=1` }), 400, 'VALIDATION_FAILED');
    expectError(await send(server, { method: 'GET', path: '/c/not%20a%20slug' }), 400, 'VALIDATION_FAILED');
  });
});
