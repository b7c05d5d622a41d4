import type { AlertStatus, ErrorCode, TipStatus } from '@tipchat/sdk/protocol';

/** What can happen to an alert after it was queued: an overlay played it, or staff skipped or replayed it. */
export type AlertAction = 'show' | 'skip' | 'replay';

export type AlertDecision =
  | { kind: 'change'; to: AlertStatus }
  /** Asked again for what already happened (a retried ack, a double click): answer as before, announce nothing. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; code: ErrorCode; message: string };

/** Tips whose money is still with the streamer; a refunded or disputed tip is not celebrated again. */
const REPLAYABLE_TIP_STATUSES: readonly TipStatus[] = ['succeeded', 'partially_refunded'];

/**
 * The alert state machine: queued → shown | skipped, and back to queued by a replay. Repeating
 * the step that led to the current state is a no-op, so retries are safe; contradicting it is a
 * conflict the caller can branch on.
 */
export function decide(action: AlertAction, status: AlertStatus, tipStatus: TipStatus): AlertDecision {
  switch (action) {
    case 'show':
      if (status === 'queued') return { kind: 'change', to: 'shown' };
      if (status === 'shown') return { kind: 'unchanged' };
      return { kind: 'refused', code: 'ALERT_SKIPPED', message: 'This alert was skipped; do not play it' };
    case 'skip':
      if (status === 'queued') return { kind: 'change', to: 'skipped' };
      if (status === 'skipped') return { kind: 'unchanged' };
      return { kind: 'refused', code: 'ALERT_ALREADY_SHOWN', message: 'This alert has already been shown; replay it instead' };
    case 'replay':
      if (!REPLAYABLE_TIP_STATUSES.includes(tipStatus))
        return { kind: 'refused', code: 'ALERT_TIP_REVERSED', message: 'This tip was refunded or disputed; its alert cannot be replayed' };
      // Already waiting in the queue: it will play, and moving it to the back would only delay it.
      if (status === 'queued') return { kind: 'unchanged' };
      return { kind: 'change', to: 'queued' };
  }
}
