/**
 * The organization's own details as a customer may set them (creation, PATCH, the portal's billing-details
 * form): each field validated where it enters, so the workflow that writes them only ever sees good values.
 */
import { z } from '@hono/zod-openapi';
import { checkVAT, countries } from 'jsvat';
import { isValidTimeZone } from '../../domain/billing-cycle';
import { normalizeVatId } from '../../domain/vat';

/** Format and check digits per country (jsvat); an empty string clears the VAT id. */
export const isValidVatId = (vatId: string) => vatId === '' || checkVAT(vatId, countries).isValid;

const METADATA_KEYS = 20;

export const OrganizationDetails = z.object({
  name: z.string().trim().min(1).max(200),
  billingEmail: z.email().max(254),
  address: z.string().trim().max(500),
  vatId: z
    .string()
    .max(40)
    .transform(normalizeVatId)
    .refine(isValidVatId, 'not a valid VAT number (country prefix, format and check digits), e.g. BE0123456749'),
  timeZone: z.string().max(64).refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Brussels'),
  externalId: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{1,100}$/, 'must be 1-100 letters, digits or ._:@-')
    .openapi({ description: "The provider's own id for this organization, unique across organizations", example: 'cust-8841' }),
  metadata: z
    .record(z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'keys are 1-40 letters, digits or _.-'), z.string().max(500))
    .refine((map) => Object.keys(map).length <= METADATA_KEYS, `at most ${METADATA_KEYS} keys`)
    .openapi({ description: 'Your own small string map (at most 20 keys, values up to 500 characters); replaced as a whole' }),
});
