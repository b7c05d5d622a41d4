const loading = new Map<string, Promise<void>>();

/**
 * Adds a provider's script to the page once and resolves when it has run. Providers require
 * their script from their own origin (PCI rules), so it is never bundled: the host page's CSP
 * must allow the origin in `script-src` (see the widget's README).
 */
export function loadScript(src: string): Promise<void> {
  let promise = loading.get(src);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => {
        // Forgotten, so opening the tip form again tries again (a flaky network, an ad blocker turned off).
        loading.delete(src);
        script.remove();
        reject(new Error(`Could not load ${src}`));
      };
      document.head.append(script);
    });
    loading.set(src, promise);
  }
  return promise;
}
