import { errorBodySchema } from '@tipchat/sdk/protocol';

/** The statuses a route may answer in the error handler's shape. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503;

type ErrorResponses<Statuses extends ErrorStatus> = { [Status in Statuses]: typeof errorBodySchema };

/**
 * A route's error responses for its schema (and so for OpenAPI): `{ error: { code, message, details? } }`
 * under each status, the body plugins/error-handler.ts sends for every refusal.
 */
export function errorResponses<Statuses extends ErrorStatus>(...statuses: Statuses[]): ErrorResponses<Statuses> {
  // fromEntries cannot know its keys are exactly `statuses`; they are.
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as ErrorResponses<Statuses>;
}
