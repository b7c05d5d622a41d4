import type { Beneficiary, BeneficiaryHistoryEntry } from '@tipchat/sdk/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, isUniqueViolation, notFound } from '../../../errors';
import {
  BeneficiaryError,
  type BeneficiaryRegistration,
  type InstrumentVerification,
  type PayoutBeneficiaries,
  type RegisteredBeneficiary,
} from '../../../providers/payout-beneficiaries';
import type { Account } from '../../auth/guard';
import type { FeatureDeps } from '../../deps';
import { type BeneficiaryDetails, checkProviderName, instrumentOf, maskDetails } from './instrument';
import { InstrumentKeys, providerBeneficiaryId } from './instrument-keys';
import { providerFailure } from './provider-errors';
import {
  addHistory,
  type BeneficiaryRow,
  channelRowIds,
  findActive,
  findByInstrument,
  hasPayoutInFlight,
  listActive,
  lockActive,
  maskedOf,
  type ProviderState,
  readHistory,
  toBeneficiary,
} from './store';

/** The signed-in streamer and their channel (one per account). */
export interface Streamer {
  channelId: string;
  userId: string;
}

/**
 * How long a replacement or removal may hold the beneficiary: up to four Cashfree calls of at most 15 s each, with
 * room to spare. A request that crashed releases it by letting it pass.
 */
const CHANGE_LEASE_MS = 120_000;

const exists = () => new AppError('BENEFICIARY_EXISTS', 'This bank account or UPI id is already one of your beneficiaries');
const busy = () => new AppError('BENEFICIARY_BUSY', 'This beneficiary is being changed by another request; try again in a minute');
const PENDING_NOTE =
  'The previous details were removed at Cashfree, so no payout can go to this beneficiary until an update succeeds: send the update again';

/**
 * Where a streamer is paid in India: bank accounts and UPI ids registered as Cashfree Payouts beneficiaries, their
 * verification (penny drop / UPI lookup with the bank's name match) and their history.
 *
 * We keep only masked details and a keyed hash (see InstrumentKeys); Cashfree holds the full numbers, and we read
 * them back from it when a verification needs them. Provider calls are never made inside a transaction: a change is
 * first marked on the row (with a lease), then made at Cashfree, then recorded, so a failure in between leaves a
 * row that says what Cashfree holds.
 */
export class BeneficiaryService {
  constructor(
    private readonly deps: FeatureDeps,
    private readonly keys: InstrumentKeys,
    /** Null when Cashfree Payouts is not configured: lists and history still answer, changes are refused. */
    private readonly provider: PayoutBeneficiaries | null,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `rail` is the Cashfree rail (null when Cashfree Payouts is not configured), which holds the beneficiaries. */
  static async create(deps: FeatureDeps, rail: PayoutBeneficiaries | null, log: FastifyBaseLogger): Promise<BeneficiaryService> {
    const keys = await InstrumentKeys.create(deps.sql, deps.config.secret);
    return new BeneficiaryService(deps, keys, rail, log.child({ feature: 'payout-beneficiaries' }));
  }

  async streamer(account: Account): Promise<Streamer> {
    const [channel] = await this.deps.sql<{ id: string }[]>`select id from channels where owner_id = ${account.user.id}`;
    if (!channel) throw new AppError('NOT_FOUND', 'You have no channel yet: create one before adding where to be paid');
    return { channelId: channel.id, userId: account.user.id };
  }

  async list(streamer: Streamer): Promise<Beneficiary[]> {
    return (await listActive(this.deps.sql, streamer.channelId)).map(toBeneficiary);
  }

  /** Newest first. */
  history(streamer: Streamer): Promise<BeneficiaryHistoryEntry[]> {
    return readHistory(this.deps.sql, streamer.channelId);
  }

  /**
   * Registers the details at Cashfree under an id derived from the channel and the instrument, then stores the row.
   * Nothing is stored when Cashfree fails; a retry after a lost answer derives the same id and keeps what the first
   * try created (see createAtProvider), so one add never leaves two beneficiaries at Cashfree.
   */
  async add(streamer: Streamer, details: BeneficiaryDetails): Promise<Beneficiary> {
    checkProviderName(details.name, 'body.name');
    const provider = this.requireProvider();
    const instrumentHash = this.keys.hash(instrumentOf(details));
    if (await findByInstrument(this.deps.sql, streamer.channelId, instrumentHash)) throw exists();
    const id = await this.freeRowId(streamer.channelId, instrumentHash);
    const providerId = providerBeneficiaryId(id);
    try {
      await this.createAtProvider(provider, providerId, details);
    } catch (error) {
      this.logFailure(error, 'add', id);
      throw providerFailure(error, 'add the beneficiary');
    }
    const masked = maskDetails(details);
    try {
      const row = await this.deps.sql.begin(async (tx) => {
        const [inserted] = await tx<BeneficiaryRow[]>`
          insert into payout_beneficiaries (id, channel_id, provider_beneficiary_id, kind, name, account_masked, ifsc, vpa_masked,
            pan_masked, instrument_hash, email, phone)
          values (${id}, ${streamer.channelId}, ${providerId}, ${masked.kind}, ${masked.name}, ${masked.accountMasked}, ${masked.ifsc},
            ${masked.vpaMasked}, ${masked.panMasked}, ${instrumentHash}, ${details.email ?? null}, ${details.phone ?? null})
          returning *`;
        if (!inserted) throw new Error('tipchat: inserting a beneficiary returned no row');
        await addHistory(tx, { ...this.entry(streamer, inserted.id), action: 'added', details: { ...masked } });
        return inserted;
      });
      this.log.info({ beneficiaryId: row.id, kind: row.kind }, 'payout beneficiary added');
      return toBeneficiary(row);
    } catch (error) {
      // The same instrument added twice at once: both derived the same id, and the first insert won.
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
  }

  /**
   * Replaces the details. Cashfree cannot edit a beneficiary, so it is deleted and created again under the same id.
   * If Cashfree refuses the new details, the old ones (which it held in full) are put back and nothing changed. If
   * the new ones cannot be confirmed after the delete, the row stays `replacing` — no payout uses it — and the
   * answer says to send the update again, which then completes it.
   */
  async update(streamer: Streamer, beneficiaryId: string, details: BeneficiaryDetails): Promise<Beneficiary> {
    checkProviderName(details.name, 'body.details.name');
    const provider = this.requireProvider();
    const instrumentHash = this.keys.hash(instrumentOf(details));
    if (!(await findActive(this.deps.sql, streamer.channelId, beneficiaryId))) throw notFound('Beneficiary');
    if (await findByInstrument(this.deps.sql, streamer.channelId, instrumentHash, beneficiaryId)) throw exists();
    const change = await this.beginChange(streamer, beneficiaryId, 'replacing');
    const { row } = change;
    const failed = async (error: unknown, state: ProviderState, pending: boolean): Promise<never> => {
      await this.endChange(change, state);
      this.logFailure(error, 'replace', row.id);
      const mapped = providerFailure(error, 'replace the beneficiary', { beneficiaryId: row.id, pendingReplacement: pending });
      throw pending && mapped instanceof AppError
        ? new AppError(mapped.code, `${mapped.message}. ${PENDING_NOTE}`, mapped.details, error)
        : mapped;
    };

    // Cashfree holds the old details in full (we do not): read them so a refused replacement can put them back.
    let previous: RegisteredBeneficiary | null;
    try {
      previous = await provider.findBeneficiary(row.providerBeneficiaryId);
    } catch (error) {
      return failed(error, change.previousState, change.previousState !== 'registered');
    }
    const restorable = previous !== null && this.keys.hash(previous.instrument) === row.instrumentHash ? previous : null;
    try {
      await provider.removeBeneficiary(row.providerBeneficiaryId);
    } catch (error) {
      const unknown = !(error instanceof BeneficiaryError) || error.outcomeUnknown;
      return failed(error, unknown ? 'replacing' : change.previousState, unknown || change.previousState !== 'registered');
    }
    try {
      await this.createAtProvider(provider, row.providerBeneficiaryId, details);
    } catch (error) {
      const refused = error instanceof BeneficiaryError && !error.outcomeUnknown;
      if (refused && restorable && (await this.restore(provider, restorable, row))) return failed(error, 'registered', false);
      return failed(error, 'replacing', true);
    }

    const masked = maskDetails(details);
    const updated = await this.deps.sql.begin(async (tx) => {
      const [replaced] = await tx<BeneficiaryRow[]>`
        update payout_beneficiaries set
          kind = ${masked.kind}, name = ${masked.name}, account_masked = ${masked.accountMasked}, ifsc = ${masked.ifsc},
          vpa_masked = ${masked.vpaMasked}, pan_masked = ${masked.panMasked}, instrument_hash = ${instrumentHash},
          email = ${details.email ?? null}, phone = ${details.phone ?? null},
          verification = 'unverified', name_match = null, name_at_bank = null, verified_at = null,
          provider_state = 'registered', provider_change_until = null, updated_at = now()
        where id = ${row.id} and provider_change_until = ${change.lease}
        returning *`;
      if (!replaced) return null;
      await addHistory(tx, { ...this.entry(streamer, row.id), action: 'replaced', details: { old: maskedOf(row), new: masked } });
      return replaced;
    });
    if (!updated) throw busy();
    this.log.info({ beneficiaryId: row.id, kind: updated.kind }, 'payout beneficiary replaced');
    return toBeneficiary(updated);
  }

  /** Deletes it at Cashfree (one Cashfree no longer has is fine) and marks it removed; its history stays. */
  async remove(streamer: Streamer, beneficiaryId: string): Promise<void> {
    const provider = this.requireProvider();
    const change = await this.beginChange(streamer, beneficiaryId, 'removing');
    const { row } = change;
    try {
      await provider.removeBeneficiary(row.providerBeneficiaryId);
    } catch (error) {
      // Possibly deleted after all: stay `removing` (no payout uses it); a second removal finds nothing to delete.
      const unknown = !(error instanceof BeneficiaryError) || error.outcomeUnknown;
      await this.endChange(change, unknown ? 'removing' : change.previousState);
      this.logFailure(error, 'remove', row.id);
      throw providerFailure(error, 'remove the beneficiary', { beneficiaryId: row.id });
    }
    const removed = await this.deps.sql.begin(async (tx) => {
      const [done] = await tx<{ id: string }[]>`
        update payout_beneficiaries set provider_state = 'removed', provider_change_until = null, removed_at = now(), updated_at = now()
        where id = ${row.id} and provider_change_until = ${change.lease}
        returning id`;
      if (!done) return false;
      await addHistory(tx, { ...this.entry(streamer, row.id), action: 'removed', details: { ...maskedOf(row) } });
      return true;
    });
    if (!removed) throw busy();
    this.log.info({ beneficiaryId: row.id }, 'payout beneficiary removed');
  }

  /**
   * Checks the instrument with the bank (bank account: penny drop and the bank's name for it; UPI id: NPCI lookup)
   * and stores the outcome with the name match, for the streamer to see. The full details come from Cashfree and
   * must hash to ours, so what is verified is what a payout would pay.
   */
  async verify(streamer: Streamer, beneficiaryId: string): Promise<Beneficiary> {
    const provider = this.requireProvider();
    const row = await findActive(this.deps.sql, streamer.channelId, beneficiaryId);
    if (!row) throw notFound('Beneficiary');
    if (row.providerChangeUntil !== null && row.providerChangeUntil > new Date()) throw busy();
    if (row.providerState !== 'registered') throw notRegistered(row.id);
    let held: RegisteredBeneficiary | null;
    try {
      held = await provider.findBeneficiary(row.providerBeneficiaryId);
    } catch (error) {
      this.logFailure(error, 'verify', row.id);
      throw providerFailure(error, 'verify the beneficiary', { beneficiaryId: row.id });
    }
    const instrument = held === null ? null : held.instrument;
    if (instrument === null || this.keys.hash(instrument) !== row.instrumentHash) {
      this.log.error({ beneficiaryId: row.id, found: held !== null }, 'Cashfree does not hold the payout beneficiary as stored');
      throw notRegistered(row.id);
    }
    let result: InstrumentVerification;
    try {
      result = await provider.verifyInstrument(instrument, row.name);
    } catch (error) {
      this.logFailure(error, 'verify', row.id);
      throw providerFailure(error, 'verify the beneficiary', { beneficiaryId: row.id });
    }
    const verified = await this.deps.sql.begin(async (tx) => {
      // Only if the details are still the ones just verified: a replacement in between makes this result stale.
      const [stored] = await tx<BeneficiaryRow[]>`
        update payout_beneficiaries set verification = ${result.outcome}, name_match = ${result.nameMatch},
          name_at_bank = ${result.nameAtBank}, verified_at = now(), updated_at = now()
        where id = ${row.id} and instrument_hash = ${row.instrumentHash} and provider_state = 'registered' and removed_at is null
        returning *`;
      if (!stored) return null;
      await addHistory(tx, {
        ...this.entry(streamer, row.id),
        action: 'verified',
        details: {
          outcome: result.outcome,
          nameMatch: result.nameMatch,
          nameAtBank: result.nameAtBank,
          providerStatus: result.providerStatus,
          reference: result.referenceId,
        },
      });
      return stored;
    });
    if (!verified) throw busy();
    this.log.info(
      { beneficiaryId: row.id, outcome: result.outcome, nameMatch: result.nameMatch, providerStatus: result.providerStatus },
      'payout beneficiary verified',
    );
    return toBeneficiary(verified);
  }

  private requireProvider(): PayoutBeneficiaries {
    if (!this.provider) throw new AppError('PROVIDER_NOT_AVAILABLE', 'Cashfree Payouts is not configured on this server');
    return this.provider;
  }

  /** The first derived id no row of the channel (removed ones included) has taken: the same on a retry. */
  private async freeRowId(channelId: string, instrumentHash: string): Promise<string> {
    const taken = await channelRowIds(this.deps.sql, channelId);
    for (let attempt = 0; ; attempt += 1) {
      const id = this.keys.beneficiaryRowId(channelId, instrumentHash, attempt);
      if (!taken.has(id)) return id;
    }
  }

  /**
   * Creates the beneficiary under our id. When Cashfree already has the id, an earlier try of this same change
   * created it before its answer was lost (no row holds the id, or a lease keeps others out): kept when it holds
   * exactly these details, else deleted and made again. Throws the provider's error as is.
   */
  private async createAtProvider(provider: PayoutBeneficiaries, providerId: string, details: BeneficiaryDetails): Promise<void> {
    const input: BeneficiaryRegistration = {
      beneficiaryId: providerId,
      name: details.name,
      instrument: instrumentOf(details),
      contact: contactOf(details),
    };
    try {
      await provider.registerBeneficiary(input);
      return;
    } catch (error) {
      if (!(error instanceof BeneficiaryError && error.failure === 'id_taken')) throw error;
    }
    const existing = await provider.findBeneficiary(providerId);
    if (existing && existing.name === details.name && this.keys.hash(existing.instrument) === this.keys.hash(input.instrument)) {
      return;
    }
    if (existing) await provider.removeBeneficiary(providerId);
    await provider.registerBeneficiary(input);
  }

  /** Puts the old details back after Cashfree refused the new ones; false when that failed too. */
  private async restore(provider: PayoutBeneficiaries, previous: RegisteredBeneficiary, row: BeneficiaryRow): Promise<boolean> {
    try {
      await provider.registerBeneficiary({
        beneficiaryId: row.providerBeneficiaryId,
        name: previous.name,
        instrument: previous.instrument,
        contact: { ...(row.email !== null && { email: row.email }), ...(row.phone !== null && { phone: row.phone }) },
      });
      return true;
    } catch (error) {
      this.logFailure(error, 'restore', row.id);
      return false;
    }
  }

  /**
   * Marks the row before Cashfree is called: locked against a payout being requested meanwhile, refused while a
   * payout to it is in flight or another change holds it, and leased to this request.
   */
  private async beginChange(streamer: Streamer, beneficiaryId: string, state: 'replacing' | 'removing'): Promise<Change> {
    // Milliseconds, as a JS Date keeps them, so the lease compares equal when this request checks it again.
    const lease = new Date(Date.now() + CHANGE_LEASE_MS);
    return this.deps.sql.begin(async (tx) => {
      const row = await lockActive(tx, streamer.channelId, beneficiaryId);
      if (!row) throw notFound('Beneficiary');
      if (row.providerChangeUntil !== null && row.providerChangeUntil > new Date()) throw busy();
      if (await hasPayoutInFlight(tx, row.id)) {
        throw new AppError('BENEFICIARY_IN_USE', 'A payout to this beneficiary is on its way; change or remove it once the payout settles');
      }
      await tx`update payout_beneficiaries set provider_state = ${state}, provider_change_until = ${lease} where id = ${row.id}`;
      return { row, lease, previousState: row.providerState };
    });
  }

  /** Releases the lease with what Cashfree now holds, unless another request has taken the row over since. */
  private async endChange(change: Change, state: ProviderState): Promise<void> {
    await this.deps.sql`
      update payout_beneficiaries set provider_state = ${state}, provider_change_until = null
      where id = ${change.row.id} and provider_change_until = ${change.lease}`;
  }

  private entry(streamer: Streamer, beneficiaryId: string) {
    return { channelId: streamer.channelId, beneficiaryId, actorUserId: streamer.userId };
  }

  /** Provider messages are already masked; the details themselves are never logged. */
  private logFailure(error: unknown, operation: string, beneficiaryId: string): void {
    const provider = error instanceof BeneficiaryError ? { status: error.status, providerCode: error.providerCode } : {};
    this.log.warn(
      { beneficiaryId, operation, ...provider, reason: error instanceof Error ? error.message : String(error) },
      'Cashfree Payouts beneficiary call failed',
    );
  }
}

interface Change {
  row: BeneficiaryRow;
  lease: Date;
  previousState: ProviderState;
}

const notRegistered = (beneficiaryId: string) =>
  new AppError(
    'BENEFICIARY_NOT_REGISTERED',
    'Cashfree does not hold these details right now (a replacement did not finish): send the update again',
    { beneficiaryId },
  );

function contactOf(details: BeneficiaryDetails): BeneficiaryRegistration['contact'] {
  return { ...(details.email !== undefined && { email: details.email }), ...(details.phone !== undefined && { phone: details.phone }) };
}
