import { AppError } from '../../errors';

/**
 * What a viewer hears from a channel whose account the operator restricted: the tip form does not open and a tip is
 * not started. The operator's reason is for the streamer, not for the public, so it is not in the answer.
 */
export function channelUnavailableForTips(): AppError {
  return new AppError('CHANNEL_UNAVAILABLE_FOR_TIPS', 'This channel is unavailable for tips right now');
}
