/**
 * The European Payments Council's "Quick Response Code: guidelines to enable data capture for the initiation
 * of a SEPA credit transfer" (EPC069-12), version 002: the text a banking app reads to fill in a transfer.
 * Lines are separated by LF, in this order: service tag "BCD", version "002", character set "1" (UTF-8),
 * identification "SCT", BIC, beneficiary name (≤ 70), IBAN, amount ("EUR" + 0.01–999999999.99), purpose
 * (≤ 4), structured remittance (an RF creditor reference, ≤ 35) or unstructured remittance (≤ 140, never
 * both), beneficiary-to-originator information (≤ 70). At most 331 bytes; error correction level M.
 */
import { formatMoney } from './money';
import { isValidRfReference, normalizeReference } from './rf-reference';

export const EPC_QR_MAX_BYTES = 331;
const MAX_EUR_MINOR = 999_999_999_99;

export interface EpcTransfer {
  bic: string;
  beneficiaryName: string;
  iban: string;
  amountMinor: number;
  /** An RF creditor reference, carried as structured remittance. */
  reference: string;
  /** Shown to the payer by some apps (beneficiary to originator information). */
  note?: string;
}

export function epcQrPayload(transfer: EpcTransfer): string {
  const reference = normalizeReference(transfer.reference);
  if (!isValidRfReference(reference)) throw new Error(`EPC QR: "${transfer.reference}" is not an RF creditor reference`);
  if (!Number.isSafeInteger(transfer.amountMinor) || transfer.amountMinor < 1 || transfer.amountMinor > MAX_EUR_MINOR) {
    throw new Error('EPC QR: the amount must be between 0.01 and 999999999.99 EUR');
  }
  const amount = formatMoney({ amountMinor: transfer.amountMinor, currency: 'EUR' }).replace(/[^0-9.]/g, '');
  const lines = [
    'BCD',
    '002',
    '1',
    'SCT',
    transfer.bic.replace(/\s+/g, '').toUpperCase(),
    transfer.beneficiaryName.trim().slice(0, 70),
    transfer.iban.replace(/\s+/g, '').toUpperCase(),
    `EUR${amount}`,
    '',
    reference,
    '',
    (transfer.note ?? '').slice(0, 70),
  ];
  const payload = lines.join('\n').replace(/\n+$/, '');
  if (new TextEncoder().encode(payload).length > EPC_QR_MAX_BYTES) throw new Error(`EPC QR: the payload exceeds ${EPC_QR_MAX_BYTES} bytes`);
  return payload;
}
