import type { HttpClient } from '../http';
import type { CurrencyCode } from '../protocol/currencies';
import type { PayoutAvailability } from '../protocol/payout-availability';
import type {
  Balance,
  Beneficiary,
  BeneficiaryDetails,
  BeneficiaryHistoryEntry,
  Payout,
  PayoutRequestBody,
  PayoutSchedule,
  PayoutStatus,
  StripeAccount,
  StripeOnboarding,
} from '../protocol/payouts';

const PAYOUT = '/api/v1/payout';

/** A page of `payouts()`: newest first. */
export interface PayoutListOptions {
  status?: PayoutStatus;
  /** 1–100, default 50. */
  limit?: number;
  /** The previous page's `nextCursor`. */
  before?: string | null;
}

/**
 * Which ledger entries `statementCsv()` exports: from (inclusive) and to (exclusive) instants, one currency. `to`
 * defaults to now and `from` to 366 days before `to`; a window longer than `STATEMENT_MAX_DAYS` (366) is refused with
 * VALIDATION_FAILED, so a longer history is fetched a window at a time.
 */
export interface StatementOptions {
  from?: Date | string;
  to?: Date | string;
  currency?: CurrencyCode;
}

const instant = (value: Date | string | undefined) => (value instanceof Date ? value.toISOString() : value);

/**
 * The streamer's payouts, as the signed-in channel owner: where to be paid (beneficiaries), and the payouts
 * themselves. Account numbers and UPI ids go in once and only ever come back masked.
 */
export class PayoutsResource {
  constructor(private readonly http: HttpClient) {}

  // ── Beneficiaries (Cashfree Payouts: Indian bank accounts and UPI ids) ─────────────────────────────────────────

  /** Your bank accounts and UPI ids, oldest first. */
  async listBeneficiaries(): Promise<Beneficiary[]> {
    const { beneficiaries } = await this.http.request<{ beneficiaries: Beneficiary[] }>('GET', `${PAYOUT}/beneficiary`, { auth: true });
    return beneficiaries;
  }

  /** Registers a bank account or UPI id at Cashfree; verify it next with `verifyBeneficiary`. */
  addBeneficiary(details: BeneficiaryDetails): Promise<Beneficiary> {
    return this.http.request('POST', `${PAYOUT}/beneficiary`, { body: details, auth: true });
  }

  /** Replaces the details of a beneficiary (it keeps its id); it is unverified again afterwards. */
  updateBeneficiary(beneficiaryId: string, details: BeneficiaryDetails): Promise<Beneficiary> {
    return this.http.request('POST', `${PAYOUT}/update-beneficiary`, { body: { beneficiaryId, details }, auth: true });
  }

  /** Refused (BENEFICIARY_IN_USE) while a payout to it is on its way. */
  async removeBeneficiary(beneficiaryId: string): Promise<void> {
    await this.http.request('DELETE', `${PAYOUT}/beneficiary`, { query: { beneficiaryId }, auth: true });
  }

  /** Checks the details with the bank; the answer carries the outcome, the bank's name for the account and the name match. */
  verifyBeneficiary(beneficiaryId: string): Promise<Beneficiary> {
    return this.http.request('POST', `${PAYOUT}/verify-beneficiary-details`, { body: { beneficiaryId }, auth: true });
  }

  /** Added, verified, replaced and removed, newest first, with masked details. */
  async beneficiaryHistory(): Promise<BeneficiaryHistoryEntry[]> {
    const { entries } = await this.http.request<{ entries: BeneficiaryHistoryEntry[] }>('GET', `${PAYOUT}/beneficiary-history`, {
      auth: true,
    });
    return entries;
  }

  // ── Balances and payouts ───────────────────────────────────────────────────────────────────────────────────────

  /** Your money per currency (pending, available, in transit, paid out) and each currency's minimum payout. */
  async balances(): Promise<Balance[]> {
    const { balances } = await this.http.request<{ balances: Balance[] }>('GET', `${PAYOUT}/balance`, { auth: true });
    return balances;
  }

  /**
   * Pays out `amount` (default: everything available) in `currency`: INR to a verified beneficiary (`beneficiaryId`,
   * or your only verified one), other currencies to your Stripe account. Answers the payout after the provider's first
   * answer: `processing`, `succeeded`, `failed` (with `failureReason`; the money is back) or `unknown` while we ask.
   */
  requestPayout(body: PayoutRequestBody): Promise<Payout> {
    return this.http.request('POST', `${PAYOUT}/standard-transfer`, { body, auth: true });
  }

  /** Your payouts, newest first, with status, provider reference and failure reason. */
  payouts(options: PayoutListOptions = {}): Promise<{ payouts: Payout[]; nextCursor: string | null }> {
    const { before, ...rest } = options;
    return this.http.request('GET', `${PAYOUT}/payouts`, { query: { ...rest, before: before ?? undefined }, auth: true });
  }

  /** Your ledger statement as CSV text (a header row, then one quoted row per movement with its bucket's running balance). */
  statementCsv(options: StatementOptions = {}): Promise<string> {
    const query = { from: instant(options.from), to: instant(options.to), currency: options.currency };
    return this.http.request<string>('GET', `${PAYOUT}/statement.csv`, { query, auth: true });
  }

  /** Whether this server can pay you out in your channel's currency at all, and if not, why. */
  availability(): Promise<PayoutAvailability> {
    return this.http.request('GET', `${PAYOUT}/availability`, { auth: true });
  }

  /** The automatic daily payout of everything available: on or off, and when it runs next. */
  schedule(): Promise<PayoutSchedule> {
    return this.http.request('GET', `${PAYOUT}/schedule`, { auth: true });
  }

  setSchedule(body: { enabled: boolean }): Promise<PayoutSchedule> {
    return this.http.request('PUT', `${PAYOUT}/schedule`, { body, auth: true });
  }

  // ── Stripe Connect (payouts outside India) ─────────────────────────────────────────────────────────────────────

  /** Your Stripe connected account: whether it can receive payouts and what Stripe still needs. */
  stripeAccount(): Promise<StripeAccount> {
    return this.http.request('GET', `${PAYOUT}/stripe/account`, { auth: true });
  }

  /** Creates your Stripe Express account (once) and a short-lived onboarding link; both URLs must be on the dashboard's origin. */
  startStripeOnboarding(body: { returnUrl: string; refreshUrl: string }): Promise<StripeOnboarding> {
    return this.http.request('POST', `${PAYOUT}/stripe/account`, { body, auth: true });
  }
}
