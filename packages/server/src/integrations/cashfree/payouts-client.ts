import type { z } from 'zod';
import { isRetryableStatus, PayoutProviderError, redact } from './payouts-errors';
import type {
  BankAccountVerification,
  Beneficiary,
  CashfreeEnvironment,
  CashfreePayoutsOptions,
  CreateBeneficiaryInput,
  CreateTransferInput,
  InstrumentVerifier,
  Transfer,
  UpiVerification,
  VerifyBankAccountInput,
  VerifyUpiInput,
} from './payouts-types';
import {
  bankVerificationFromWire,
  bankVerificationRequest,
  beneficiaryFromWire,
  beneficiaryRequest,
  errorBodySchema,
  transferFromWire,
  transferRequest,
  upiVerificationFromWire,
  upiVerificationRequest,
} from './payouts-wire';

export const CASHFREE_ORIGINS: Readonly<Record<CashfreeEnvironment, string>> = {
  sandbox: 'https://sandbox.cashfree.com',
  production: 'https://api.cashfree.com',
};

/** The Payouts v2 API version we speak; Cashfree answers in the shapes of the version asked for. */
export const PAYOUTS_API_VERSION = '2024-01-01';
/** The Verification (Secure ID) API is versioned on its own; this is the version of its published reference. */
export const VERIFICATION_API_VERSION = '2023-12-18';

export const DEFAULT_PAYOUTS_TIMEOUT_MS = 15_000;

type Api = 'payout' | 'verification';

interface Call {
  api: Api;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  /** For messages: "create a transfer". */
  action: string;
  /** Values of this request to keep out of error messages (an account number). */
  sensitive?: readonly string[];
  /** Added to messages of failures whose outcome is unknown. */
  unknownOutcomeHint?: string;
}

interface Answer {
  status: number;
  body: unknown;
}

const NEVER_RESEND =
  'the transfer may have been received: look it up with getTransfer and never send it again (Cashfree does not promise to refuse a repeated transfer_id)';

/**
 * Cashfree Payouts v2 (beneficiaries, transfers) and the Verification API's bank account and UPI checks, over
 * fetch. There is no maintained SDK for Payouts v2; this is the small typed part of it tipchat needs.
 *
 * Each request carries `x-client-id`, `x-client-secret` and `x-api-version` and gives up after `timeoutMs`.
 * Nothing here logs. Failures are PayoutProviderError, whose messages never hold the secret or a full account
 * number. Production also needs this server's IP on Cashfree's allow-list (we do not send `X-Cf-Signature`).
 */
export class CashfreePayoutsClient implements InstrumentVerifier {
  // Private fields: util.inspect, console.log and JSON.stringify of the client cannot print them.
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #origin: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: CashfreePayoutsOptions) {
    if (options.clientId.trim() === '' || options.clientSecret.trim() === '') {
      throw new Error('CashfreePayoutsClient needs a client id and secret');
    }
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    this.#origin = (options.apiUrl ?? CASHFREE_ORIGINS[options.environment]).replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PAYOUTS_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Adds a beneficiary. A 409 (`beneficiary_id_already_exists`, `beneficiary_already_exists`) is thrown as is. */
  async createBeneficiary(input: CreateBeneficiaryInput): Promise<Beneficiary> {
    const call: Call = {
      api: 'payout',
      method: 'POST',
      path: '/beneficiary',
      body: beneficiaryRequest(input),
      action: 'create a beneficiary',
      sensitive: input.instrument.kind === 'bank_account' ? [input.instrument.accountNumber] : [],
    };
    return this.read(call, await this.expect(call, [200, 201]), beneficiaryFromWire);
  }

  /** The beneficiary, or null when Cashfree has none with this id. */
  async getBeneficiary(beneficiaryId: string): Promise<Beneficiary | null> {
    const call: Call = {
      api: 'payout',
      method: 'GET',
      path: '/beneficiary',
      query: { beneficiary_id: beneficiaryId },
      action: 'fetch a beneficiary',
    };
    const answer = await this.send(call);
    if (isNotFound(answer, 'beneficiary_not_found')) return null;
    return this.read(call, this.ensure(call, answer, [200]), beneficiaryFromWire);
  }

  /**
   * Removes a beneficiary (Cashfree cannot edit one: remove it and add it again). True when it was removed now,
   * false when there was none with this id, so a retried removal is not an error.
   */
  async deleteBeneficiary(beneficiaryId: string): Promise<boolean> {
    const call: Call = {
      api: 'payout',
      method: 'DELETE',
      path: '/beneficiary',
      query: { beneficiary_id: beneficiaryId },
      action: 'remove a beneficiary',
    };
    const answer = await this.send(call);
    if (isNotFound(answer, 'beneficiary_not_found')) return false;
    this.ensure(call, answer, [200, 204]);
    return true;
  }

  /**
   * Asks Cashfree to send `amount` paise to a beneficiary. The transfer is asynchronous: the answer is usually
   * RECEIVED, and the outcome arrives by webhook or getTransfer.
   *
   * On a 5xx, a timeout or a network failure (a retryable PayoutProviderError), NEVER call this again for the same
   * payout: the transfer may have been received and a second one would pay twice, and Cashfree does not promise to
   * refuse a repeated transfer_id. Query getTransfer(transferId) until it answers, and go on from what it says.
   */
  async createTransfer(input: CreateTransferInput): Promise<Transfer> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw new RangeError(`A transfer amount is a positive whole number of paise, not ${input.amount}`);
    }
    const call: Call = {
      api: 'payout',
      method: 'POST',
      path: '/transfers',
      body: transferRequest(input),
      action: 'create a transfer',
      unknownOutcomeHint: NEVER_RESEND,
    };
    return this.read(call, await this.expect(call, [200, 201]), transferFromWire);
  }

  /** The transfer as Cashfree has it now, or null when it has none with this id. */
  async getTransfer(transferId: string): Promise<Transfer | null> {
    const call: Call = { api: 'payout', method: 'GET', path: '/transfers', query: { transfer_id: transferId }, action: 'fetch a transfer' };
    const answer = await this.send(call);
    if (isNotFound(answer, 'transfer_id_not_found')) return null;
    return this.read(call, this.ensure(call, answer, [200]), transferFromWire);
  }

  /** Checks a bank account with a penny drop and the bank's name for it (Verification API, sync). */
  async verifyBankAccount(input: VerifyBankAccountInput): Promise<BankAccountVerification> {
    const call: Call = {
      api: 'verification',
      method: 'POST',
      path: '/bank-account/sync',
      body: bankVerificationRequest(input),
      action: 'verify a bank account',
      sensitive: [input.accountNumber],
    };
    return this.read(call, await this.expect(call, [200]), bankVerificationFromWire);
  }

  /** Checks that a UPI id exists and gets the name behind it (Verification API, "UPI Verification V2"). */
  async verifyUpi(input: VerifyUpiInput): Promise<UpiVerification> {
    const call: Call = {
      api: 'verification',
      method: 'POST',
      path: '/upi',
      body: upiVerificationRequest(input),
      action: 'verify a UPI id',
    };
    return this.read(call, await this.expect(call, [200]), upiVerificationFromWire);
  }

  private async expect(call: Call, ok: readonly number[]): Promise<Answer> {
    return this.ensure(call, await this.send(call), ok);
  }

  private ensure(call: Call, answer: Answer, ok: readonly number[]): Answer {
    if (ok.includes(answer.status)) return answer;
    throw this.refusal(call, answer);
  }

  private read<T>(call: Call, answer: Answer, schema: z.ZodType<T>): T {
    let parsed: ReturnType<typeof schema.safeParse> | null = null;
    try {
      parsed = schema.safeParse(answer.body);
    } catch {
      // A transform refused a value (an amount with more than two decimals): the same as a shape we cannot read.
    }
    if (parsed?.success) return parsed.data;
    // The request reached Cashfree and was accepted, so for a create the outcome is unknown, not refused.
    throw this.failure(
      call,
      answer.status,
      'unexpected_response',
      `Cashfree Payouts answered HTTP ${answer.status} to ${call.action} with a body we cannot read`,
      true,
    );
  }

  private async send(call: Call): Promise<Answer> {
    const url = new URL(`${this.#origin}/${call.api}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) url.searchParams.set(key, value);
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method: call.method,
        headers: {
          'x-client-id': this.#clientId,
          'x-client-secret': this.#clientSecret,
          'x-api-version': call.api === 'payout' ? PAYOUTS_API_VERSION : VERIFICATION_API_VERSION,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
        // Not followed: a redirect would carry x-client-secret to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // Read inside the try: the timeout also covers a body that never finishes.
      text = await response.text();
    } catch (err) {
      throw this.unreachable(call, err);
    }
    if (response.status >= 300 && response.status < 400) {
      throw this.failure(
        call,
        response.status,
        'unexpected_redirect',
        `Cashfree Payouts answered a redirect (HTTP ${response.status}) to ${call.action}`,
        false,
      );
    }
    return { status: response.status, body: parseJson(text) };
  }

  private refusal(call: Call, answer: Answer): PayoutProviderError {
    const body = errorBodySchema.safeParse(answer.body);
    const code = (body.success ? body.data.code : undefined) || `http_${answer.status}`;
    const detail = body.success && body.data.message ? `: ${body.data.message}` : '';
    const retryable = isRetryableStatus(answer.status);
    const verb = retryable ? 'failed to' : 'refused to';
    return this.failure(
      call,
      answer.status,
      code,
      `Cashfree Payouts ${verb} ${call.action} (HTTP ${answer.status} ${code})${detail}`,
      retryable,
    );
  }

  private unreachable(call: Call, err: unknown): PayoutProviderError {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
      return this.failure(call, null, 'timeout', `Cashfree Payouts did not answer within ${this.#timeoutMs} ms to ${call.action}`, true);
    }
    // Only the reason's text, never the error itself: a custom fetch's error could hold the request and its headers.
    const reason = err instanceof Error ? [err.message, causeText(err.cause)].filter(Boolean).join(': ') : String(err);
    return this.failure(call, null, 'network_error', `Cashfree Payouts could not be reached to ${call.action}: ${reason}`, true);
  }

  private failure(call: Call, status: number | null, code: string, message: string, retryable: boolean): PayoutProviderError {
    const hint = retryable && call.unknownOutcomeHint ? `; ${call.unknownOutcomeHint}` : '';
    return new PayoutProviderError(status, code, redact(message, [this.#clientSecret], call.sensitive) + hint, retryable);
  }
}

function isNotFound(answer: Answer, code: string): boolean {
  const body = errorBodySchema.safeParse(answer.body);
  return answer.status === 404 && body.success && body.data.code === code;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? code : cause.message;
}
