import { CURRENCIES } from '../domain/money';

/** Schema fields for money: integer minor units and an ISO 4217 code. */
export const minorUnits = {
  type: Number,
  required: true,
  validate: { validator: Number.isSafeInteger, message: '{PATH} must be a whole number of minor units' },
} as const;

export const currency = { type: String, required: true, enum: CURRENCIES } as const;
