import type { Viewer } from '@tipchat/sdk/protocol';

export interface ViewerRow {
  id: string;
  channelId: string;
  kind: 'guest' | 'account';
  userId: string | null;
  displayName: string;
  deviceHash: string | null;
  createdAt: Date;
}

export function toViewer(row: ViewerRow): Viewer {
  return { id: row.id, channelId: row.channelId, displayName: row.displayName, kind: row.kind, createdAt: row.createdAt.toISOString() };
}
