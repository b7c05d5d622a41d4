import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals overlay keys so the channel owner can read theirs again while a database dump alone cannot:
 * AES-256-GCM under a key derived (HKDF, its own label) from the server secret — TIPCHAT_SECRET,
 * or in development the token secret kept in the database. The label means no other use of that
 * secret can stand in for this one; the channel id is bound in as associated data, so a sealed key
 * copied onto another channel's row does not open. Rotating TIPCHAT_SECRET leaves old sealed keys
 * unreadable (they still work in OBS; the dashboard offers a new one).
 */
export class OverlayKeySeal {
  private readonly key: Buffer;

  constructor(material: string) {
    this.key = Buffer.from(hkdfSync('sha256', material, 'tipchat', 'overlay key seal v1', 32));
  }

  seal(channelId: string, overlayKey: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(channelId));
    const body = Buffer.concat([cipher.update(overlayKey, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The key, or null when it was sealed for another channel or under another secret. */
  open(channelId: string, sealed: string): string | null {
    const [version, payload] = sealed.split('.');
    if (version !== VERSION || !payload) return null;
    const bytes = Buffer.from(payload, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(channelId));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
