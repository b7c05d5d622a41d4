import { randomBytes, randomInt } from 'node:crypto';
import { type CashfreeDelivery, istTime, rupees, signCashfreeDelivery } from './cashfree-webhooks';
import { FakeHttpServer, FakeProvider, type FakeResponse, type RecordedRequest } from './fake-http';

/**
 * A local stand-in for Cashfree Payouts v2 (beneficiaries, transfers) and the two Verification API checks payouts
 * use (bank account sync, UPI id), following Cashfree's published shapes: the Payouts v2 OpenAPI for API version
 * 2024-01-01 (request fields, `{ type, code, message }` error bodies, the documented error codes and sample
 * status codes) and the Verification reference (BAV v2 sync, UPI Verification V2). Where Cashfree documents
 * nothing, the choice is marked here.
 *
 * The test plays the banks: `settle` moves a transfer on, `setBankAccount` / `setUpiId` decide what a verification
 * finds, `transferWebhook` builds the signed delivery Cashfree would send.
 */

/** Cashfree's v2 / verification error body. */
export interface CashfreePayoutsErrorBody {
  type: string;
  code: string;
  message: string;
}

export type SettledTransferStatus = 'SUCCESS' | 'FAILED' | 'REVERSED' | 'REJECTED' | 'MANUALLY_REJECTED';
/** Where a transfer waits before it settles: received, queued, at the bank, or held for approval on the dashboard. */
export type WaitingTransferStatus = 'QUEUED' | 'PENDING' | 'APPROVAL_PENDING';
export type TransferWebhookType = 'TRANSFER_SUCCESS' | 'TRANSFER_FAILED' | 'TRANSFER_REVERSED' | 'TRANSFER_REJECTED';
type TransferStatus = 'RECEIVED' | WaitingTransferStatus | SettledTransferStatus;
const UNSETTLED: ReadonlySet<TransferStatus> = new Set(['RECEIVED', 'QUEUED', 'PENDING', 'APPROVAL_PENDING']);
type NameMatch = 'DIRECT_MATCH' | 'GOOD_PARTIAL_MATCH' | 'MODERATE_PARTIAL_MATCH' | 'POOR_PARTIAL_MATCH' | 'NO_MATCH';

export const PAYOUTS_API_VERSION = '2024-01-01';

interface BeneficiaryState {
  id: string;
  name: string;
  bankAccountNumber: string | null;
  ifsc: string | null;
  vpa: string | null;
  contact: Record<string, unknown>;
  addedAt: number;
}

/** One status a transfer was in, with what Cashfree reports alongside it. */
interface TransferStep {
  status: TransferStatus;
  statusCode: string;
  description: string;
  utr: string | null;
  at: number;
}

interface TransferState {
  transferId: string;
  cfTransferId: string;
  beneficiaryId: string;
  amountPaise: number;
  mode: string;
  remarks: string | null;
  addedAt: number;
  history: TransferStep[];
}

export interface BankAccountResult {
  /** VALID or INVALID, or one of the statuses Cashfree documents for a bank that did not answer. */
  status: 'VALID' | 'INVALID' | 'FAILED' | 'IN_PROCESS';
  /** Cashfree's reason code; defaults to ACCOUNT_IS_VALID / INVALID_ACCOUNT_FAIL. */
  statusCode?: string;
  nameAtBank?: string;
  /** Defaults to DIRECT_MATCH when the names are equal ignoring case and spacing, NO_MATCH otherwise. */
  nameMatch?: NameMatch;
  bankName?: string;
}

export interface UpiIdResult {
  status: 'VALID' | 'INVALID' | 'EXPIRED' | 'NPCI_NAME_INCORRECT';
  nameAtBank?: string;
  nameMatch?: NameMatch;
}

/** What Cashfree reports with each settled status: its documented sample status codes, descriptions paraphrased. */
const SETTLED_STEP: Record<SettledTransferStatus, { statusCode: string; description: string }> = {
  SUCCESS: { statusCode: 'COMPLETED', description: 'The transfer has been credited to the beneficiary by the beneficiary bank.' },
  FAILED: { statusCode: 'IMPS_MODE_FAIL', description: 'The beneficiary bank account does not support IMPS transfers.' },
  REVERSED: {
    statusCode: 'INVALID_ACCOUNT_FAIL',
    description: 'The beneficiary bank reversed the transfer: the account number is invalid.',
  },
  REJECTED: { statusCode: 'INVALID_MODE_FOR_PYID', description: 'The payment instrument does not support this mode of transfer.' },
  // Not in Cashfree's samples: the fake's code and text for a transfer rejected by hand on the dashboard.
  MANUALLY_REJECTED: { statusCode: 'MANUALLY_REJECTED', description: 'The transfer was rejected on the Cashfree dashboard.' },
};

/** Not in Cashfree's samples: the fake reports a waiting status as its own code. */
const WAITING_STEP: Record<WaitingTransferStatus, { statusCode: string; description: string }> = {
  QUEUED: { statusCode: 'QUEUED', description: 'The transfer is queued for processing.' },
  PENDING: { statusCode: 'PENDING', description: 'The transfer is being processed by the beneficiary bank.' },
  APPROVAL_PENDING: { statusCode: 'APPROVAL_PENDING', description: 'The transfer waits for approval on the Cashfree dashboard.' },
};

const WEBHOOK_STATUS: Record<TransferWebhookType, SettledTransferStatus> = {
  TRANSFER_SUCCESS: 'SUCCESS',
  TRANSFER_FAILED: 'FAILED',
  TRANSFER_REVERSED: 'REVERSED',
  TRANSFER_REJECTED: 'REJECTED',
};

const cfError = (status: number, code: string, message: string, type = 'invalid_request_error'): FakeResponse => ({
  status,
  body: { type, code, message } satisfies CashfreePayoutsErrorBody,
});
const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const utcTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const normaliseName = (name: string) => name.trim().toUpperCase().replace(/\s+/g, ' ');

/** Decimal rupees with at most two places and at least 1.00 (Cashfree's transfer minimum) to paise; null otherwise. */
function transferPaise(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(value));
  if (!match) return null;
  const paise = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return paise >= 100 && Number.isSafeInteger(paise) ? paise : null;
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

const BENEFICIARY_ID = /^[A-Za-z0-9_|.-]+$/;
const IFSC = /^[A-Z]{4}0[A-Z0-9]{6}$/;
/** Cashfree's documented VPA rule: letters, digits, `.`, `_`, `-` before the `@` (`-` only there), `.`, `_` after. */
const VPA = /^[A-Za-z0-9._-]+@[A-Za-z0-9._]+$/;

export class FakeCashfreePayouts extends FakeProvider {
  readonly clientId = `CF${randomBytes(8).toString('hex').toUpperCase()}`;
  readonly clientSecret = `cfsk_ma_test_${randomBytes(16).toString('hex')}`;
  /** The merchant's own funding account: Cashfree refuses it as a beneficiary (422 beneficiary_account_same_as_source). */
  readonly sourceAccountNumber = digits(14);
  protected readonly http = new FakeHttpServer(
    (request) => this.answer(request),
    // Cashfree's documented internal_server_error_v2 example.
    () => ({ type: 'api_error', code: 'internal_server_error', message: "Error at cashfree's server" }),
  );
  private readonly beneficiaries = new Map<string, BeneficiaryState>();
  private readonly transfers = new Map<string, TransferState>();
  private readonly bankAccounts = new Map<string, BankAccountResult>();
  private readonly upiIds = new Map<string, UpiIdResult>();
  private readonly verificationIds = new Set<string>();
  private readonly failures: { method: string; path: string; status: number; processed: boolean; remaining: number }[] = [];

  static async start(): Promise<FakeCashfreePayouts> {
    const fake = new FakeCashfreePayouts();
    await fake.http.listen();
    return fake;
  }

  get origin(): string {
    return this.http.origin;
  }

  /** What the bank says about an account when it is verified. Accounts nobody set are INVALID (INVALID_ACCOUNT_FAIL). */
  setBankAccount(accountNumber: string, ifsc: string, result: BankAccountResult): void {
    this.bankAccounts.set(bankKey(accountNumber, ifsc), result);
  }

  /** What NPCI says about a UPI id. Ids nobody set are INVALID. */
  setUpiId(vpa: string, result: UpiIdResult): void {
    this.upiIds.set(vpa.toLowerCase(), result);
  }

  hasBeneficiary(beneficiaryId: string): boolean {
    return this.beneficiaries.has(beneficiaryId);
  }

  /** What Cashfree holds under the id (full details, as its GET would show them), or null. */
  beneficiary(beneficiaryId: string): { name: string; bankAccountNumber: string | null; ifsc: string | null; vpa: string | null } | null {
    const b = this.beneficiaries.get(beneficiaryId);
    return b ? { name: b.name, bankAccountNumber: b.bankAccountNumber, ifsc: b.ifsc, vpa: b.vpa } : null;
  }

  beneficiaryCount(): number {
    return this.beneficiaries.size;
  }

  transferCount(): number {
    return this.transfers.size;
  }

  /** The transfer's current status, as getTransfer would report it. */
  transferStatus(transferId: string): TransferStatus {
    return this.transfer(transferId).history.at(-1)?.status ?? 'RECEIVED';
  }

  /**
   * Moves a transfer on, as the banks would. SUCCESS can later become REVERSED (Cashfree documents exactly that);
   * FAILED, REJECTED, MANUALLY_REJECTED and REVERSED are where a transfer stops.
   */
  settle(transferId: string, status: SettledTransferStatus): void {
    const transfer = this.transfer(transferId);
    const current = this.transferStatus(transferId);
    const allowed = UNSETTLED.has(current) || (current === 'SUCCESS' && status === 'REVERSED');
    if (!allowed) throw new Error(`fake Cashfree Payouts cannot move transfer ${transferId} from ${current} to ${status}`);
    const previousUtr = transfer.history.at(-1)?.utr ?? null;
    transfer.history.push({
      status,
      ...SETTLED_STEP[status],
      utr: status === 'SUCCESS' ? `CFUTR${digits(12)}` : status === 'REVERSED' ? previousUtr : null,
      at: Math.max(Date.now(), (transfer.history.at(-1)?.at ?? 0) + 1),
    });
  }

  /**
   * The signed delivery of a Payouts v2 webhook for the transfer as it was when it reached the type's status, so a
   * test can deliver a stale TRANSFER_SUCCESS after the transfer was REVERSED. Body: `{ data, event_time, type }`
   * with `data` in the shape of Get Transfer Status V2 and the amount written with two decimals (`150.00`), so only
   * a check on the raw bytes verifies. Signed like PG webhooks with the client secret.
   */
  transferWebhook(
    transferId: string,
    type: TransferWebhookType,
    options: { timestampMs?: number; attempt?: number } = {},
  ): CashfreeDelivery {
    const transfer = this.transfer(transferId);
    const step = transfer.history.find((s) => s.status === WEBHOOK_STATUS[type]);
    if (!step) throw new Error(`fake Cashfree Payouts: transfer ${transferId} was never ${WEBHOOK_STATUS[type]}`);
    const data = { ...this.transferObject(transfer, step), transfer_amount: rupees(transfer.amountPaise) };
    return signCashfreeDelivery({ data, event_time: istTime(step.at), type }, { secret: this.clientSecret, ...options });
  }

  /** Holds an unsettled transfer in one of the waiting statuses Cashfree reports before the outcome. */
  hold(transferId: string, status: WaitingTransferStatus): void {
    const transfer = this.transfer(transferId);
    const current = this.transferStatus(transferId);
    if (!UNSETTLED.has(current)) throw new Error(`fake Cashfree Payouts cannot move transfer ${transferId} from ${current} to ${status}`);
    transfer.history.push({ status, ...WAITING_STEP[status], utr: null, at: Math.max(Date.now(), (transfer.history.at(-1)?.at ?? 0) + 1) });
  }

  /**
   * A signed Payouts webhook of any type with the given data, for events the fake does not model (TRANSFER_ACKNOWLEDGED,
   * BENEFICIARY_INCIDENT, LOW_BALANCE_ALERT) and malformed ones.
   */
  signedWebhook(type: string, data: Record<string, unknown>, options: { timestampMs?: number } = {}): CashfreeDelivery {
    return signCashfreeDelivery({ data, event_time: istTime(Date.now()), type }, { secret: this.clientSecret, ...options });
  }

  /**
   * The next `times` requests to exactly `method path` (failWith matches any method) answer `status` (default 503)
   * with Cashfree's error body. With `processed` they take effect first and only the answer is lost, as when a
   * gateway times out after the work was done: what idempotent retries are for.
   */
  failRequest(method: string, path: string, options: { status?: number; processed?: boolean; times?: number } = {}): void {
    this.failures.push({
      method,
      path,
      status: options.status ?? 503,
      processed: options.processed ?? false,
      remaining: options.times ?? 1,
    });
  }

  private transfer(transferId: string): TransferState {
    const transfer = this.transfers.get(transferId);
    if (!transfer) throw new Error(`fake Cashfree Payouts has no transfer ${transferId}`);
    return transfer;
  }

  private answer(request: RecordedRequest): FakeResponse {
    const failure = this.failures.find((rule) => rule.remaining > 0 && rule.method === request.method && request.path === rule.path);
    if (!failure) return this.handle(request);
    failure.remaining -= 1;
    if (failure.processed) this.handle(request);
    return cfError(failure.status, 'internal_server_error', "Error at cashfree's server", 'api_error');
  }

  private handle(request: RecordedRequest): FakeResponse {
    if (request.headers['x-client-id'] !== this.clientId || request.headers['x-client-secret'] !== this.clientSecret) {
      return cfError(401, 'authentication_failed', 'Invalid clientId and clientSecret combination', 'authentication_error');
    }
    const version = request.headers['x-api-version'];
    const { method, path, query } = request;
    if (path.startsWith('/payout/')) {
      // The fake only speaks the version whose shapes it follows.
      if (version !== PAYOUTS_API_VERSION) {
        return cfError(
          400,
          'x_api_version_invalid',
          `x-api-version : should be ${PAYOUTS_API_VERSION}. value received: ${String(version)}`,
        );
      }
      if (path === '/payout/beneficiary') {
        if (method === 'POST') return this.createBeneficiary(request.body);
        if (method === 'GET') return this.getBeneficiary(query.get('beneficiary_id'));
        if (method === 'DELETE') return this.deleteBeneficiary(query.get('beneficiary_id'));
      }
      if (path === '/payout/transfers') {
        if (method === 'POST') return this.createTransfer(request.body);
        if (method === 'GET') return this.getTransfer(query.get('transfer_id'), query.get('cf_transfer_id'));
      }
    }
    if (path.startsWith('/verification/')) {
      if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
        return cfError(400, 'x_api_version_missing', 'x-api-version is missing in the request');
      }
      if (method === 'POST' && path === '/verification/bank-account/sync') return this.verifyBankAccount(request.body);
      if (method === 'POST' && path === '/verification/upi') return this.verifyUpi(request.body);
    }
    return cfError(404, 'route_not_found', `No route for ${method} ${path}`);
  }

  private createBeneficiary(body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const id = input.beneficiary_id;
    if (typeof id !== 'string' || id === '') return cfError(400, 'beneficiary_id_missing', 'beneficiary_id : is missing in the request');
    if (id.length > 50) {
      return cfError(
        400,
        'beneficiary_id_length_exceeded',
        `beneficiary_id : should not be more than 50 characters long. value received: ${id}`,
      );
    }
    if (!BENEFICIARY_ID.test(id)) {
      return cfError(
        400,
        'beneficiary_id_invalid',
        `beneficiary_id : should contain only letters, numbers, hyphen, underscore, pipe, and dot. Value received: ${id}`,
      );
    }
    const name = input.beneficiary_name;
    // Not in Cashfree's examples: the fake's code for a missing or malformed name.
    if (typeof name !== 'string' || !/^[A-Za-z ]{1,100}$/.test(name)) {
      return cfError(
        400,
        'beneficiary_name_invalid',
        'beneficiary_name : only alphabets and whitespaces are allowed, at most 100 characters',
      );
    }
    const instrument = isRecord(input.beneficiary_instrument_details) ? input.beneficiary_instrument_details : {};
    const account = typeof instrument.bank_account_number === 'string' ? instrument.bank_account_number : null;
    const ifsc = typeof instrument.bank_ifsc === 'string' ? instrument.bank_ifsc : null;
    const vpa = typeof instrument.vpa === 'string' ? instrument.vpa : null;
    if (account !== null && ifsc === null) {
      return cfError(400, 'bank_ifsc_missing', 'bank_ifsc : should be provided with the request if bank_account_number is provided');
    }
    if (ifsc !== null && account === null) {
      return cfError(
        400,
        'bank_account_number_missing',
        'bank_account_number: should be provided with the request if bank_ifsc is provided',
      );
    }
    if (account !== null && ifsc !== null) {
      if (account.length > 25) {
        return cfError(
          400,
          'bank_account_number_length_exceeded',
          `bank_account_number : should not be more than 25 characters long. value received: ${account}`,
        );
      }
      if (account.length < 4) {
        return cfError(
          400,
          'bank_account_number_length_short',
          `bank_account_number : should not be less than 4 characters long. value received: ${account}`,
        );
      }
      if (!/^[A-Za-z0-9]+$/.test(account)) {
        return cfError(400, 'bank_account_number_invalid', `bank_account_number : should be alphanumeric. value received: ${account}`);
      }
      if (!IFSC.test(ifsc)) return cfError(400, 'bank_ifsc_invalid', `bank_ifsc : please provide a valid IFSC. value received: ${ifsc}`);
      if (account === this.sourceAccountNumber) {
        return cfError(
          422,
          'beneficiary_account_same_as_source',
          'beneficiary_bank_account_number provided can not be same as source bank account',
        );
      }
    }
    // Not in Cashfree's examples: the fake's code for a VPA outside the documented characters.
    if (vpa !== null && !VPA.test(vpa)) return cfError(400, 'vpa_invalid', 'vpa : should be a valid UPI VPA');
    if (account === null && vpa === null) {
      return cfError(
        400,
        'beneficiary_instrument_details_missing',
        'beneficiary_instrument_details : bank account details or vpa are required',
      );
    }
    if (this.beneficiaries.has(id))
      return cfError(409, 'beneficiary_id_already_exists', 'Beneficiary already exists with the given beneficiary_id');
    const sameAccount = [...this.beneficiaries.values()].some(
      (b) => account !== null && b.bankAccountNumber === account && b.ifsc === ifsc,
    );
    if (sameAccount) {
      return cfError(
        409,
        'beneficiary_already_exists',
        'Beneficiary already exists with the given beneficiary_bank_account_number and beneficiary_ifsc',
      );
    }
    const beneficiary: BeneficiaryState = {
      id,
      name,
      bankAccountNumber: account,
      ifsc,
      vpa,
      contact: isRecord(input.beneficiary_contact_details) ? input.beneficiary_contact_details : {},
      addedAt: Date.now(),
    };
    this.beneficiaries.set(id, beneficiary);
    return { status: 201, body: beneficiaryObject(beneficiary, 'VERIFIED') };
  }

  private getBeneficiary(id: string | null): FakeResponse {
    if (id === null) {
      return cfError(
        400,
        'beneficiary_identifiers_missing',
        'beneficiary_identifiers : Either beneficiary_id or the combination of bank_account_number and bank_ifsc has to be provided with the request',
      );
    }
    const beneficiary = this.beneficiaries.get(id);
    return beneficiary
      ? { status: 200, body: beneficiaryObject(beneficiary, 'VERIFIED') }
      : cfError(404, 'beneficiary_not_found', 'Beneficiary does not exist');
  }

  private deleteBeneficiary(id: string | null): FakeResponse {
    const beneficiary = id === null ? undefined : this.beneficiaries.get(id);
    if (!beneficiary) return cfError(404, 'beneficiary_not_found', 'Beneficiary does not exist');
    this.beneficiaries.delete(beneficiary.id);
    return { status: 200, body: beneficiaryObject(beneficiary, 'DELETED') };
  }

  private createTransfer(body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const transferId = input.transfer_id;
    if (typeof transferId !== 'string' || transferId === '')
      return cfError(400, 'transfer_id_missing', 'transfer_id is missing in the request');
    if (!/^[A-Za-z0-9_]{1,40}$/.test(transferId)) return cfError(400, 'transfer_id_invalid', 'transfer_id should be alphanumeric');
    if (input.transfer_amount === undefined) return cfError(400, 'transfer_amount_missing', 'transfer_amount is missing in the request');
    const amountPaise = transferPaise(input.transfer_amount);
    if (amountPaise === null) return cfError(400, 'transfer_amount_invalid', 'transfer_amount should be greater then 1.00');
    const mode = input.transfer_mode === undefined ? 'banktransfer' : input.transfer_mode;
    const modes = ['banktransfer', 'imps', 'neft', 'rtgs', 'upi', 'paytm', 'amazonpay', 'card', 'cardupi'];
    if (typeof mode !== 'string' || !modes.includes(mode)) {
      return cfError(
        400,
        'transfer_mode_invalid',
        'transfer_mode is invalid allowed values are : bank, imps, neft, rtgs, upi, paytm, amazonpay, card and cardupi',
      );
    }
    const details = isRecord(input.beneficiary_details) ? input.beneficiary_details : {};
    const beneficiaryId = details.beneficiary_id;
    if (typeof beneficiaryId !== 'string' || !BENEFICIARY_ID.test(beneficiaryId)) {
      return cfError(400, 'beneficiary_details.beneficiary_id_invalid', 'beneficiary_id should be alphanumeric');
    }
    if (!this.beneficiaries.has(beneficiaryId)) return cfError(404, 'beneficiary_not_found', 'Beneficiary does not exist');
    // Cashfree does not document what a repeated transfer_id gets; the fake refuses it, and nothing may rely on that.
    if (this.transfers.has(transferId))
      return cfError(409, 'transfer_id_already_exists', 'transfer_id already exists. please pass unique id in each request');
    const now = Date.now();
    const transfer: TransferState = {
      transferId,
      cfTransferId: digits(9),
      beneficiaryId,
      amountPaise,
      mode,
      remarks: typeof input.transfer_remarks === 'string' ? input.transfer_remarks : null,
      addedAt: now,
      history: [
        {
          status: 'RECEIVED',
          statusCode: 'RECEIVED',
          description:
            'The transfer has been received by Cashfree successfully for further processing. You should use Check Status API response or Webhooks to know the terminal state of the transfer request.',
          utr: null,
          at: now,
        },
      ],
    };
    this.transfers.set(transferId, transfer);
    return { status: 200, body: this.transferObject(transfer) };
  }

  private getTransfer(transferId: string | null, cfTransferId: string | null): FakeResponse {
    if (transferId === null && cfTransferId === null)
      return cfError(400, 'transfer_id_missing', 'transfer_id or cf_transfer_id is required');
    const transfer =
      transferId !== null ? this.transfers.get(transferId) : [...this.transfers.values()].find((t) => t.cfTransferId === cfTransferId);
    if (!transfer) {
      return transferId !== null
        ? cfError(404, 'transfer_id_not_found', 'transfer_id does not exist')
        : cfError(404, 'cf_transfer_id_not_found', 'cf_transfer_id does not exist');
    }
    return { status: 200, body: this.transferObject(transfer) };
  }

  /** Get Transfer Status V2's shape for a transfer at one of its steps (the latest by default). */
  private transferObject(transfer: TransferState, step = transfer.history.at(-1)): Record<string, unknown> {
    const beneficiary = this.beneficiaries.get(transfer.beneficiaryId);
    const current = step ?? transfer.history[0];
    return {
      transfer_id: transfer.transferId,
      cf_transfer_id: transfer.cfTransferId,
      status: current?.status,
      status_code: current?.statusCode,
      status_description: current?.description,
      beneficiary_details: {
        beneficiary_id: transfer.beneficiaryId,
        ...(beneficiary &&
          current?.status !== 'RECEIVED' && {
            beneficiary_instrument_details: beneficiary.vpa
              ? { vpa: beneficiary.vpa }
              : { bank_account_number: beneficiary.bankAccountNumber, bank_ifsc: beneficiary.ifsc },
          }),
      },
      // A JSON number of rupees, as in Cashfree's samples (`1`, `0.18`); exact for any two-decimal amount.
      transfer_amount: transfer.amountPaise / 100,
      ...(current?.status === 'SUCCESS' && { transfer_service_charge: 1, transfer_service_tax: 0.18 }),
      transfer_mode: transfer.mode === 'upi' ? 'UPI' : 'BANK',
      ...(current?.utr && { transfer_utr: current.utr }),
      fundsource_id: 'CASHFREE_1',
      added_on: utcTime(transfer.addedAt),
      updated_on: utcTime(current?.at ?? transfer.addedAt),
    };
  }

  private verifyBankAccount(body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const { bank_account: account, ifsc, name } = input;
    if (typeof account !== 'string' || account === '')
      return cfError(400, 'bank_account_missing', 'bank_account is missing in the request');
    if (typeof ifsc !== 'string' || !IFSC.test(ifsc)) return cfError(400, 'ifsc_invalid', 'ifsc : please provide a valid IFSC');
    const result = this.bankAccounts.get(bankKey(account, ifsc)) ?? { status: 'INVALID' };
    const valid = result.status === 'VALID';
    const nameAtBank = valid ? (result.nameAtBank ?? (typeof name === 'string' ? normaliseName(name) : 'ACCOUNT HOLDER')) : null;
    const match = nameAtBank === null ? null : (result.nameMatch ?? matchNames(typeof name === 'string' ? name : '', nameAtBank));
    return {
      status: 200,
      body: {
        reference_id: Number(digits(6)),
        name_at_bank: nameAtBank,
        bank_name: valid ? (result.bankName ?? 'YES BANK') : null,
        utr: valid ? digits(12) : null,
        city: valid ? 'MUMBAI' : null,
        branch: valid ? 'SANTACRUZ, MUMBAI' : null,
        micr: valid ? 400532038 : null,
        name_match_score: match === null ? null : NAME_MATCH_SCORE[match],
        name_match_result: match,
        account_status: result.status,
        account_status_code:
          result.statusCode ?? (valid ? 'ACCOUNT_IS_VALID' : result.status === 'INVALID' ? 'INVALID_ACCOUNT_FAIL' : 'FAILED_AT_BANK'),
      },
    };
  }

  private verifyUpi(body: string): FakeResponse {
    const input = parseJson(body);
    if (!input) return cfError(400, 'request_invalid', 'Request body is not JSON');
    const { verification_id: verificationId, vpa, name } = input;
    if (typeof verificationId !== 'string' || !/^[A-Za-z0-9._-]{1,50}$/.test(verificationId)) {
      return cfError(400, 'verification_id_invalid', 'verification_id can include only alphanum, dot, hyphen, and underscores.');
    }
    if (typeof vpa !== 'string' || vpa === '') return cfError(400, 'vpa_missing', 'vpa is missing in the request.');
    if (!VPA.test(vpa) || vpa.length > 100) return cfError(400, 'vpa_invalid', 'vpa should be valid.');
    if (this.verificationIds.has(verificationId)) return cfError(409, 'verification_id_already_exists', 'verification id already exists');
    this.verificationIds.add(verificationId);
    const result = this.upiIds.get(vpa.toLowerCase()) ?? { status: 'INVALID' };
    const nameAtBank = result.status === 'VALID' ? (result.nameAtBank ?? 'UPI ACCOUNT HOLDER') : null;
    const match = nameAtBank === null || typeof name !== 'string' ? null : (result.nameMatch ?? matchNames(name, nameAtBank));
    return {
      status: 200,
      body: {
        verification_id: verificationId,
        reference_id: Number(digits(6)),
        status: result.status,
        vpa,
        name_at_bank: nameAtBank,
        name_match_result: match,
        name_match_score: match === null ? null : NAME_MATCH_SCORE[match],
      },
    };
  }
}

const NAME_MATCH_SCORE: Record<NameMatch, string> = {
  DIRECT_MATCH: '100.00',
  GOOD_PARTIAL_MATCH: '90.00',
  MODERATE_PARTIAL_MATCH: '75.00',
  POOR_PARTIAL_MATCH: '50.00',
  NO_MATCH: '0.00',
};

const matchNames = (given: string, atBank: string): NameMatch =>
  normaliseName(given) === normaliseName(atBank) ? 'DIRECT_MATCH' : 'NO_MATCH';

const bankKey = (account: string, ifsc: string) => `${account}\u0000${ifsc.toUpperCase()}`;

function beneficiaryObject(b: BeneficiaryState, status: 'VERIFIED' | 'DELETED'): Record<string, unknown> {
  return {
    beneficiary_id: b.id,
    beneficiary_name: b.name,
    beneficiary_instrument_details: {
      ...(b.bankAccountNumber !== null && { bank_account_number: b.bankAccountNumber, bank_ifsc: b.ifsc }),
      ...(b.vpa !== null && { vpa: b.vpa }),
    },
    beneficiary_contact_details: b.contact,
    beneficiary_status: status,
    added_on: utcTime(b.addedAt),
  };
}
