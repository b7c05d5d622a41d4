import { server } from './tipchat-server.js';

// 1. A strict Content-Security-Policy, to show what the widget needs from a host page: the tipchat server for its
//    script and its API (http and ws), and nothing inline. It names the server, so it is written here rather than in
//    index.html; a policy added to <head> applies to everything the page loads after it. With Stripe or Cashfree
//    switched on, add their origins too (see docs/widget.md, "Content-Security-Policy").
const socketOrigin = server.replace(/^http/, 'ws');
const policy = document.createElement('meta');
policy.httpEquiv = 'Content-Security-Policy';
policy.content = `default-src 'self'; script-src 'self' ${server}; connect-src 'self' ${server} ${socketOrigin}; img-src 'self'; object-src 'none'; base-uri 'none'`;
document.head.append(policy);

// 2. The widgets talk to that server.
for (const widget of document.querySelectorAll('tipchat-widget')) widget.setAttribute('server', server);

// 3. The one script tag. It comes from the tipchat server, registers <tipchat-widget> and carries everything it needs
//    (Lit, the SDK); the widgets above come alive when it runs. On a page with a fixed server this is a plain
//    <script src="https://tips.example.com/widget/v1/tipchat.js"></script> in <head>; to pin the exact build you
//    tested with, use the content-hashed URL and its integrity hash from <server>/widget/v1/integrity.json
//    (README.md, "Pinning the script with Subresource Integrity").
const script = document.createElement('script');
script.src = `${server}/widget/v1/tipchat.js`;
document.head.append(script);

// The host page follows what happens inside the widget through its tipchat-* events, which bubble out of the element
// (and out of its shadow root).
const thanks = document.getElementById('thanks');

document.addEventListener('tipchat-tip-succeeded', (event) => {
  thanks.textContent = `Thank you for the tip! (${event.detail.tip.id})`;
});

document.addEventListener('tipchat-error', (event) => {
  console.warn('tipchat:', event.detail.code, event.detail.message);
});
