/**
 * Loads the viewer widget's script from the tipchat server once, for the embed preview. The
 * dashboard page's CSP allows scripts from its own server, which is where the script lives.
 */
let loading: Promise<void> | null = null;

export function loadViewerScript(server: string): Promise<void> {
  if (customElements.get('tipchat-widget')) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${server}/widget/v1/tipchat.js`;
    script.async = true;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => {
      loading = null;
      script.remove();
      reject(new Error(`${server}/widget/v1/tipchat.js did not load`));
    });
    document.head.append(script);
  });
  return loading;
}
