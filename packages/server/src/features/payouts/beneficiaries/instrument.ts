import { type beneficiaryDetailsSchema, maskAccountNumber, maskUpiId } from '@tipchat/sdk/protocol';
import type { z } from 'zod';
import { AppError } from '../../../errors';
import type { BeneficiaryInstrument } from '../../../providers/payout-beneficiaries';

/** Details as the route validated and normalised them (IFSC upper-cased, UPI id lower-cased, spaces dropped). */
export type BeneficiaryDetails = z.output<typeof beneficiaryDetailsSchema>;

export function instrumentOf(details: BeneficiaryDetails): BeneficiaryInstrument {
  return details.kind === 'bank_account'
    ? { kind: 'bank_account', accountNumber: details.accountNumber, ifsc: details.ifsc }
    : { kind: 'upi', vpa: details.vpa };
}

/** A PAN safe to show or log: a fixed run of X and the last 4 characters (`XXXXXX234F`). */
export function maskPan(pan: string): string {
  return `XXXXXX${pan.trim().slice(-4)}`;
}

/**
 * Everything we keep about a beneficiary's details, and all that ever leaves the server: the name, the IFSC (a
 * branch code, public) and masked numbers. History entries hold this too.
 */
export interface MaskedDetails {
  kind: BeneficiaryDetails['kind'];
  name: string;
  accountMasked: string | null;
  ifsc: string | null;
  vpaMasked: string | null;
  panMasked: string | null;
}

export function maskDetails(details: BeneficiaryDetails): MaskedDetails {
  return {
    kind: details.kind,
    name: details.name,
    accountMasked: details.kind === 'bank_account' ? maskAccountNumber(details.accountNumber) : null,
    ifsc: details.kind === 'bank_account' ? details.ifsc : null,
    vpaMasked: details.kind === 'upi' ? maskUpiId(details.vpa) : null,
    panMasked: details.pan === undefined ? null : maskPan(details.pan),
  };
}

/**
 * Cashfree takes a beneficiary name of letters and spaces only (at most 100). The wire schema accepts any printable
 * name, so this is checked here, before any provider call, and answered like a schema failure at `path`.
 */
export function checkProviderName(name: string, path: string): void {
  if (/^[A-Za-z ]+$/.test(name)) return;
  throw new AppError('VALIDATION_FAILED', 'The request is not valid', [
    { path, message: 'Must contain only letters and spaces, as on the bank account' },
  ]);
}
