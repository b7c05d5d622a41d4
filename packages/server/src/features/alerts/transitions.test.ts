import { type AlertStatus, TIP_STATUSES } from '@tipchat/sdk/protocol';
import { describe, expect, it } from 'vitest';
import { type AlertAction, decide } from './transitions';

const ACTIONS: AlertAction[] = ['show', 'skip', 'replay'];
const STATUSES: AlertStatus[] = ['queued', 'shown', 'skipped'];

describe('the alert state machine', () => {
  it('answers every action in every state of a paid tip', () => {
    const table = Object.fromEntries(
      ACTIONS.map((action) => [
        action,
        Object.fromEntries(
          STATUSES.map((status) => {
            const decision = decide(action, status, 'succeeded');
            return [status, decision.kind === 'change' ? decision.to : decision.kind === 'refused' ? decision.code : 'unchanged'];
          }),
        ),
      ]),
    );
    expect(table).toEqual({
      show: { queued: 'shown', shown: 'unchanged', skipped: 'ALERT_SKIPPED' },
      skip: { queued: 'skipped', shown: 'ALERT_ALREADY_SHOWN', skipped: 'unchanged' },
      replay: { queued: 'unchanged', shown: 'queued', skipped: 'queued' },
    });
  });

  it('replays only tips whose money the streamer still has; shows and skips whatever the tip became', () => {
    for (const tipStatus of TIP_STATUSES) {
      const replayable = tipStatus === 'succeeded' || tipStatus === 'partially_refunded';
      for (const status of STATUSES) {
        expect(decide('replay', status, tipStatus).kind === 'refused', `${tipStatus} ${status}`).toBe(!replayable);
        expect(decide('show', status, tipStatus)).toEqual(decide('show', status, 'succeeded'));
        expect(decide('skip', status, tipStatus)).toEqual(decide('skip', status, 'succeeded'));
      }
    }
  });
});
