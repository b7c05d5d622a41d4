/**
 * Who this browser is in one channel's chat (per server and slug), kept so a reload resumes as
 * the same guest. Forgetting the guest keeps `deviceToken`: a ban covers the device, not a name.
 */
export interface StoredIdentity {
  viewerId?: string;
  name?: string;
  guestToken?: string;
  deviceToken?: string;
}

const key = (server: string, slug: string) => `tipchat:${server}|${slug}`;

/*
 * localStorage can throw (storage disabled, a sandboxed iframe, a full quota): the widget then
 * works for the page's lifetime and forgets the guest on reload.
 */

export function readIdentity(server: string, slug: string): StoredIdentity {
  try {
    return (JSON.parse(localStorage.getItem(key(server, slug)) ?? '{}') as StoredIdentity | null) ?? {};
  } catch {
    return {};
  }
}

export function writeIdentity(server: string, slug: string, identity: StoredIdentity): void {
  try {
    localStorage.setItem(key(server, slug), JSON.stringify(identity));
  } catch {
    // Not kept: see above.
  }
}
