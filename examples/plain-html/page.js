// The host page follows what happens inside the widget through its tipchat-* events, which
// bubble out of the element (and out of its shadow root).
const thanks = document.getElementById('thanks');

document.addEventListener('tipchat-tip-succeeded', (event) => {
  thanks.textContent = `Thank you for the tip! (${event.detail.tip.id})`;
});

document.addEventListener('tipchat-error', (event) => {
  console.warn('tipchat:', event.detail.code, event.detail.message);
});
