import { randomBytes } from 'node:crypto';
import type { FakeResponse, RecordedRequest } from './fake-http';
import { type FormObject, formRecord, parseStripeForm } from './stripe-form';

/**
 * The Connect part of the fake Stripe (mounted by FakeStripe, which handles keys and idempotency for it): Express
 * connected accounts, onboarding links, transfers from the platform balance and their reversals, in Stripe's
 * form-encoded requests and JSON shapes (https://docs.stripe.com/api/accounts, /account_links, /transfers,
 * /transfer_reversals). The test plays Stripe's onboarding (`completeOnboarding`, `restrict`) and the reversals made
 * on the dashboard (`reverseTransfer`); the webhook bodies are the objects these return.
 */

interface AccountState {
  id: string;
  email: string | null;
  country: string;
  metadata: Record<string, string>;
  transfersRequested: boolean;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  currentlyDue: string[];
  disabledReason: string | null;
  created: number;
}

interface TransferState {
  id: string;
  amount: number;
  currency: string;
  destination: string;
  transferGroup: string | null;
  description: string | null;
  metadata: Record<string, string>;
  created: number;
  reversals: ReversalState[];
}

interface ReversalState {
  id: string;
  amount: number;
  metadata: Record<string, string>;
  created: number;
}

/** What Stripe asks of a new Express account before it can be paid. */
const ONBOARDING_DUE = ['business_type', 'external_account', 'individual.dob.day', 'individual.first_name', 'tos_acceptance.date'];

const ACCOUNT_PARAMS = new Set(['type', 'country', 'email', 'capabilities', 'metadata', 'business_type', 'controller']);
const TRANSFER_PARAMS = new Set(['amount', 'currency', 'destination', 'transfer_group', 'description', 'metadata', 'source_transaction']);

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);
const error = (status: number, fields: { type?: string; code?: string; param?: string; message: string }): FakeResponse => ({
  status,
  body: { error: { type: 'invalid_request_error', ...fields } },
});
const unknownParameter = (param: string) =>
  error(400, { code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` });
const missing = (param: string) => error(400, { code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
const noSuch = (status: number, kind: string, param: string, value: string) =>
  error(status, { code: 'resource_missing', param, message: `No such ${kind}: '${value}'` });

export class FakeStripeConnect {
  private readonly accounts = new Map<string, AccountState>();
  private readonly transfers = new Map<string, TransferState>();
  /** The platform's available balance per currency; a currency left out is unlimited. */
  private readonly balances = new Map<string, number>();
  private lostTransferAnswers = 0;

  accountCount(): number {
    return this.accounts.size;
  }

  transferCount(): number {
    return this.transfers.size;
  }

  /** The account as Stripe returns it: the `data.object` of `account.updated`. */
  account(accountId: string): Record<string, unknown> {
    return accountObject(this.mustGetAccount(accountId));
  }

  /** The streamer finished Stripe's onboarding: details submitted, charges and payouts enabled, nothing due. */
  completeOnboarding(accountId: string): Record<string, unknown> {
    const account = this.mustGetAccount(accountId);
    Object.assign(account, { detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true, currentlyDue: [], disabledReason: null });
    return accountObject(account);
  }

  /** Stripe needs more (a document, say) and switches payouts off until it gets it. */
  restrict(accountId: string, due: string[] = ['individual.verification.document']): Record<string, unknown> {
    const account = this.mustGetAccount(accountId);
    Object.assign(account, { chargesEnabled: false, payoutsEnabled: false, currentlyDue: due, disabledReason: 'requirements.past_due' });
    return accountObject(account);
  }

  /** The platform's available balance in `currency` (minor units); a transfer beyond it is refused with balance_insufficient. */
  setPlatformBalance(currency: string, amount: number): void {
    this.balances.set(currency.toLowerCase(), amount);
  }

  /** Every account, oldest first, as Stripe returns them. */
  allAccounts(): Record<string, unknown>[] {
    return [...this.accounts.values()].map(accountObject);
  }

  /**
   * The next transfer is made, but Stripe answers 500 instead of the transfer. Stripe keeps that answer under the
   * idempotency key, so the library's retries get the same 500: the outcome stays unknown to the caller.
   */
  loseNextTransferAnswer(): void {
    this.lostTransferAnswers += 1;
  }

  /** Every transfer, oldest first, as Stripe returns them. */
  allTransfers(): Record<string, unknown>[] {
    return [...this.transfers.values()].map(transferObject);
  }

  transfer(transferId: string): Record<string, unknown> {
    return transferObject(this.mustGetTransfer(transferId));
  }

  /** A full reversal made on the dashboard: the `data.object` of `transfer.reversed`. */
  reverseTransfer(transferId: string): Record<string, unknown> {
    const transfer = this.mustGetTransfer(transferId);
    const left = transfer.amount - reversedAmount(transfer);
    if (left === 0) throw new Error(`transfer ${transferId} is already fully reversed`);
    transfer.reversals.push({ id: id('trr'), amount: left, metadata: {}, created: now() });
    return transferObject(transfer);
  }

  /** The Connect routes; null for any other path, which FakeStripe then answers itself. */
  route(request: RecordedRequest): FakeResponse | null {
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/accounts') return this.createAccount(parseStripeForm(request.body));
    const accountMatch = /^\/v1\/accounts\/([^/]+)$/.exec(path);
    if (method === 'GET' && accountMatch?.[1]) {
      const account = this.accounts.get(accountMatch[1]);
      return account ? { status: 200, body: accountObject(account) } : noSuch(404, 'account', 'account', accountMatch[1]);
    }
    if (method === 'POST' && path === '/v1/account_links') return this.createAccountLink(parseStripeForm(request.body));
    if (method === 'POST' && path === '/v1/transfers') return this.createTransfer(parseStripeForm(request.body));
    if (method === 'GET' && path === '/v1/transfers') return this.listTransfers(request.query);
    const transferMatch = /^\/v1\/transfers\/([^/]+)$/.exec(path);
    if (method === 'GET' && transferMatch?.[1]) {
      const transfer = this.transfers.get(transferMatch[1]);
      return transfer ? { status: 200, body: transferObject(transfer) } : noSuch(404, 'transfer', 'id', transferMatch[1]);
    }
    const reversalMatch = /^\/v1\/transfers\/([^/]+)\/reversals$/.exec(path);
    if (method === 'POST' && reversalMatch?.[1]) return this.createReversal(reversalMatch[1], parseStripeForm(request.body));
    return null;
  }

  private createAccount(params: FormObject): FakeResponse {
    const unknown = Object.keys(params).find((k) => !ACCOUNT_PARAMS.has(k));
    if (unknown) return unknownParameter(unknown);
    if (params.type !== 'express') {
      return error(400, { param: 'type', message: 'The fake supports Express accounts only (type=express).' });
    }
    const capabilities = typeof params.capabilities === 'object' ? params.capabilities : {};
    const transfers = typeof capabilities.transfers === 'object' ? capabilities.transfers : {};
    const account: AccountState = {
      id: id('acct').slice(0, 21),
      email: typeof params.email === 'string' ? params.email : null,
      country: typeof params.country === 'string' ? params.country : 'US',
      metadata: formRecord(params.metadata),
      transfersRequested: transfers.requested === 'true',
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
      currentlyDue: [...ONBOARDING_DUE],
      disabledReason: 'requirements.past_due',
      created: now(),
    };
    this.accounts.set(account.id, account);
    return { status: 200, body: accountObject(account) };
  }

  private createAccountLink(params: FormObject): FakeResponse {
    const accountId = params.account;
    if (typeof accountId !== 'string') return missing('account');
    const account = this.accounts.get(accountId);
    if (!account) return noSuch(400, 'account', 'account', accountId);
    if (params.type !== 'account_onboarding' && params.type !== 'account_update') {
      return error(400, { param: 'type', message: 'Invalid type: must be one of account_onboarding or account_update' });
    }
    for (const param of ['refresh_url', 'return_url']) {
      const url = params[param];
      if (typeof url !== 'string' || !/^https?:\/\//.test(url)) return error(400, { param, message: `Invalid URL: ${String(url)}` });
    }
    const created = now();
    return {
      status: 200,
      body: {
        object: 'account_link',
        created,
        expires_at: created + 300,
        url: `https://connect.stripe.com/setup/e/${account.id}/${randomBytes(9).toString('base64url')}`,
      },
    };
  }

  private createTransfer(params: FormObject): FakeResponse {
    const unknown = Object.keys(params).find((k) => !TRANSFER_PARAMS.has(k));
    if (unknown) return unknownParameter(unknown);
    const { amount, currency, destination } = params;
    if (amount === undefined) return missing('amount');
    if (typeof amount !== 'string' || !/^\d{1,12}$/.test(amount) || Number(amount) < 1) {
      return error(400, { code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: amount' });
    }
    if (currency === undefined) return missing('currency');
    if (typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) {
      return error(400, { param: 'currency', message: `Invalid currency: ${String(currency)}.` });
    }
    if (typeof destination !== 'string') return missing('destination');
    const account = this.accounts.get(destination);
    if (!account) return noSuch(400, 'destination', 'destination', destination);
    if (!account.transfersRequested || !account.payoutsEnabled) {
      return error(400, {
        code: 'insufficient_capabilities_for_transfer',
        param: 'destination',
        message:
          'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      });
    }
    const balance = this.balances.get(currency);
    if (balance !== undefined && Number(amount) > balance) {
      return error(400, { code: 'balance_insufficient', message: 'You have insufficient available funds in your Stripe account.' });
    }
    if (balance !== undefined) this.balances.set(currency, balance - Number(amount));
    const transfer: TransferState = {
      id: id('tr'),
      amount: Number(amount),
      currency,
      destination,
      transferGroup: typeof params.transfer_group === 'string' ? params.transfer_group : null,
      description: typeof params.description === 'string' ? params.description : null,
      metadata: formRecord(params.metadata),
      created: now(),
      reversals: [],
    };
    this.transfers.set(transfer.id, transfer);
    if (this.lostTransferAnswers > 0) {
      this.lostTransferAnswers -= 1;
      return error(500, { type: 'api_error', message: 'An unknown error occurred' });
    }
    return { status: 200, body: transferObject(transfer) };
  }

  private listTransfers(query: URLSearchParams): FakeResponse {
    const group = query.get('transfer_group');
    const destination = query.get('destination');
    const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 10)));
    const matching = [...this.transfers.values()]
      .filter((t) => (group === null || t.transferGroup === group) && (destination === null || t.destination === destination))
      .reverse();
    return {
      status: 200,
      body: { object: 'list', data: matching.slice(0, limit).map(transferObject), has_more: matching.length > limit, url: '/v1/transfers' },
    };
  }

  private createReversal(transferId: string, params: FormObject): FakeResponse {
    const transfer = this.transfers.get(transferId);
    if (!transfer) return noSuch(404, 'transfer', 'id', transferId);
    const left = transfer.amount - reversedAmount(transfer);
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > left) {
      return error(400, { param: 'amount', message: `Amount must be between 1 and the ${left} not yet reversed.` });
    }
    const reversal: ReversalState = { id: id('trr'), amount, metadata: formRecord(params.metadata), created: now() };
    transfer.reversals.push(reversal);
    return { status: 200, body: reversalObject(transfer, reversal) };
  }

  private mustGetAccount(accountId: string): AccountState {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`fake Stripe has no account ${accountId}`);
    return account;
  }

  private mustGetTransfer(transferId: string): TransferState {
    const transfer = this.transfers.get(transferId);
    if (!transfer) throw new Error(`fake Stripe has no transfer ${transferId}`);
    return transfer;
  }
}

const reversedAmount = (transfer: TransferState) => transfer.reversals.reduce((sum, r) => sum + r.amount, 0);

function accountObject(account: AccountState): Record<string, unknown> {
  return {
    id: account.id,
    object: 'account',
    business_type: null,
    capabilities: account.transfersRequested ? { transfers: account.payoutsEnabled ? 'active' : 'inactive' } : {},
    charges_enabled: account.chargesEnabled,
    controller: { type: 'application', is_controller: true },
    country: account.country,
    created: account.created,
    default_currency: account.country === 'US' ? 'usd' : 'eur',
    details_submitted: account.detailsSubmitted,
    email: account.email,
    metadata: account.metadata,
    payouts_enabled: account.payoutsEnabled,
    requirements: {
      currently_due: account.currentlyDue,
      eventually_due: account.currentlyDue,
      past_due: account.currentlyDue,
      disabled_reason: account.disabledReason,
      errors: [],
    },
    type: 'express',
  };
}

function transferObject(transfer: TransferState): Record<string, unknown> {
  const reversed = reversedAmount(transfer);
  return {
    id: transfer.id,
    object: 'transfer',
    amount: transfer.amount,
    amount_reversed: reversed,
    balance_transaction: `txn_${transfer.id.slice(3)}`,
    created: transfer.created,
    currency: transfer.currency,
    description: transfer.description,
    destination: transfer.destination,
    destination_payment: `py_${transfer.id.slice(3)}`,
    livemode: false,
    metadata: transfer.metadata,
    reversals: {
      object: 'list',
      data: transfer.reversals.map((r) => reversalObject(transfer, r)),
      has_more: false,
      url: `/v1/transfers/${transfer.id}/reversals`,
    },
    reversed: reversed === transfer.amount,
    source_transaction: null,
    source_type: 'card',
    transfer_group: transfer.transferGroup,
  };
}

function reversalObject(transfer: TransferState, reversal: ReversalState): Record<string, unknown> {
  return {
    id: reversal.id,
    object: 'transfer_reversal',
    amount: reversal.amount,
    balance_transaction: `txn_${reversal.id.slice(4)}`,
    created: reversal.created,
    currency: transfer.currency,
    metadata: reversal.metadata,
    transfer: transfer.id,
  };
}
