import { randomBytes } from 'node:crypto';
import type { ApiKey, ApiKeyScope, CreatedApiKey } from '@tipchat/sdk/protocol';
import { notFound } from '../../errors';
import { API_KEY_PREFIX, OVERLAY_KEY_PREFIX } from '../access/actor';
import { storedSecret } from '../auth/access-tokens';
import { hashToken } from '../auth/opaque-tokens';
import type { FeatureDeps } from '../deps';
import { OverlayKeySeal } from './overlay-key-seal';

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  lastUsedAt: Date | null;
}

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

/**
 * Overlay keys (one per channel, rotatable) and API keys (many, scoped, revocable). Credentials are
 * checked against hashes; the overlay key is also kept sealed (see OverlayKeySeal) so its owner can
 * copy the OBS URL again without breaking the sources already set up. API keys are shown once.
 */
export class KeyService {
  private seal: Promise<OverlayKeySeal> | undefined;

  constructor(private readonly deps: FeatureDeps) {}

  private overlaySeal(): Promise<OverlayKeySeal> {
    this.seal ??= (async () => new OverlayKeySeal(this.deps.config.secret ?? (await storedSecret(this.deps.sql))))();
    return this.seal;
  }

  /** A new overlay key; the previous one stops working at once, open overlay connections included. */
  async rotateOverlayKey(channelId: string): Promise<string> {
    const key = newSecret(OVERLAY_KEY_PREFIX);
    const sealed = (await this.overlaySeal()).seal(channelId, key);
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channelId);
      await tx`
        update channels set overlay_key_hash = ${hashToken(key)}, overlay_key_sealed = ${sealed}, updated_at = now()
        where id = ${channelId}`;
      await events.append(channelId, 'access.changed', { reason: 'overlay_key_rotated' }, 'staff');
    });
    return key;
  }

  /**
   * The channel's current overlay key, or null when there is none to show: never made, made before
   * keys were sealed, or sealed under a TIPCHAT_SECRET since rotated. Checked against the hash, so
   * only the key overlays accept is ever shown.
   */
  async overlayKey(channelId: string): Promise<string | null> {
    const [row] = await this.deps.sql<{ overlayKeyHash: string | null; overlayKeySealed: string | null }[]>`
      select overlay_key_hash, overlay_key_sealed from channels where id = ${channelId}`;
    if (!row?.overlayKeyHash || !row.overlayKeySealed) return null;
    const key = (await this.overlaySeal()).open(channelId, row.overlayKeySealed);
    return key !== null && hashToken(key) === row.overlayKeyHash ? key : null;
  }

  async createApiKey(channelId: string, createdBy: string, name: string, scopes: ApiKeyScope[]): Promise<CreatedApiKey> {
    const key = newSecret(API_KEY_PREFIX);
    const [row] = await this.deps.sql<ApiKeyRow[]>`
      insert into api_keys (channel_id, name, key_hash, scopes, created_by)
      values (${channelId}, ${name}, ${hashToken(key)}, ${this.deps.sql.json([...new Set(scopes)])}, ${createdBy})
      returning id, name, scopes, created_at, last_used_at`;
    if (!row) throw new Error('tipchat: api key insert returned nothing');
    return { apiKey: toApiKey(row), key };
  }

  async listApiKeys(channelId: string): Promise<ApiKey[]> {
    const rows = await this.deps.sql<ApiKeyRow[]>`
      select id, name, scopes, created_at, last_used_at from api_keys
      where channel_id = ${channelId} and revoked_at is null order by created_at`;
    return rows.map(toApiKey);
  }

  async revokeApiKey(channelId: string, id: string): Promise<void> {
    await this.deps.events.transaction(async (tx, events) => {
      await events.lock(channelId);
      const rows = await tx`
        update api_keys set revoked_at = now() where id = ${id} and channel_id = ${channelId} and revoked_at is null returning id`;
      if (rows.length === 0) throw notFound('API key');
      await events.append(channelId, 'access.changed', { reason: 'api_key_revoked' }, 'staff');
    });
  }
}
