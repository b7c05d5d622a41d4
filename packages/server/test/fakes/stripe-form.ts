/** A decoded form value: Stripe's bracket notation (`metadata[tip_id]=…`, `types[0]=…`) becomes nested objects. */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Parses a body the way Stripe's API reads `application/x-www-form-urlencoded` with bracketed keys. */
export function parseStripeForm(body: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!match?.[1]) continue;
    const path = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object') {
        node = next;
      } else {
        const created: FormObject = {};
        node[segment] = created;
        node = created;
      }
    });
  }
  return root;
}

/** Values of an indexed form list (`a[0]`, `a[1]`) in index order. */
export function formList(value: FormValue | undefined): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return Object.keys(value)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => value[k])
    .filter((v): v is string => typeof v === 'string');
}

/** A string-to-string record (`metadata[...]`), dropping anything nested. */
export function formRecord(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === 'string') return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Order-independent fingerprint of a form body, for idempotency comparisons. */
export function formFingerprint(body: string): string {
  return JSON.stringify([...new URLSearchParams(body)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
