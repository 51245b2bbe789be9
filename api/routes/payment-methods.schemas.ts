/** Request and response shapes of the payment-method routes, and the DTOs that fill them from workflow status. */
import { z } from '@hono/zod-openapi';
import { CARD_SETUP_STATES, PAYPAL_SETUP_STATES } from '../../domain/payment-methods';
import { cardSetupWorkflowId, paypalSetupWorkflowId, type CardSetupStatus, type PayPalSetupStatus } from '../../workflows/definitions';
import { ErrorSchema, OrgIdParam } from '../schemas';

export const providerUnavailable = {
  content: { 'application/json': { schema: ErrorSchema } },
  description: 'The provider refused or could not be reached',
};

export const SavedMethodSchema = z
  .object({
    methodId: z.string().openapi({ example: 'paypal_8kk8451t' }),
    kind: z.enum(['paypal', 'card']),
    isDefault: z.boolean(),
    billingAgreementNumber: z.string().optional().openapi({ description: 'PayPal: the Vault payment token id, as the customer sees it' }),
    payerEmail: z.string().optional(),
    card: z.object({ brand: z.string(), last4: z.string(), expMonth: z.int(), expYear: z.int() }).optional(),
  })
  .openapi('PaymentMethod');

const ProviderErrorSchema = z
  .object({ code: z.string(), message: z.string(), declineCode: z.string().optional() })
  .openapi('ProviderError');

/** What both set-ups answer, with the fields of their own provider. */
const setupSchema = <S extends readonly [string, ...string[]], F extends z.ZodRawShape>(states: S, fields: F) =>
  z.object({
    workflowId: z.string(),
    state: z.enum(states),
    expiresAt: z.string().optional(),
    method: SavedMethodSchema.optional(),
    error: ProviderErrorSchema.optional(),
    ...fields,
  });

export const PayPalSetupSchema = setupSchema(PAYPAL_SETUP_STATES, {
  setupTokenId: z.string().optional(),
  approvalUrl: z.string().optional().openapi({ description: 'Send the payer here to approve the billing agreement' }),
}).openapi('PayPalSetup');

export const CardSetupSchema = setupSchema(CARD_SETUP_STATES, {
  setupIntentId: z.string().optional(),
  clientSecret: z
    .string()
    .nullable()
    .optional()
    .openapi({ description: 'For Stripe.js confirmCardSetup, while awaiting confirmation. Not kept in idempotent replays.' }),
  lastSetupError: ProviderErrorSchema.optional().openapi({ description: 'Why the last confirmation failed; another card may be tried' }),
}).openapi('CardSetup');

export const PaymentMethodsSchema = z
  .object({
    default: z.enum(['prepaid', 'paypal', 'card']),
    defaultPaymentMethodId: z.string().nullable(),
    methods: z.array(SavedMethodSchema),
  })
  .openapi('PaymentMethods');

/** What the payer's browser sees on PayPal's return: whether it counted, never who the payer is. */
export const PayPalReturnSchema = z.object({ received: z.boolean(), state: z.string(), message: z.string() }).openapi('PayPalReturn');

export const StartBody = z.object({ makeDefault: z.boolean().default(false) }).openapi('StartPaymentMethodSetup');
export const ConfirmCardBody = z
  .object({
    setupIntentId: z
      .string()
      .trim()
      .regex(/^seti_[A-Za-z0-9]+$/, 'a SetupIntent id (seti_…)'),
  })
  .openapi('ConfirmCardSetup');
export const CANCELLED_BY_CUSTOMER = 'cancelled by the customer';
export const CancelBody = z.object({ reason: z.string().trim().min(1).max(500).default(CANCELLED_BY_CUSTOMER) });
export const DefaultBody = z
  .object({
    method: z.enum(['prepaid', 'paypal', 'card']),
    paymentMethodId: z
      .string()
      .min(1)
      .max(120)
      .optional()
      .openapi({ description: 'Which saved method; the newest of that kind if omitted' }),
  })
  .openapi('ChooseDefaultPaymentMethod');

const pathParam = <T extends z.ZodString>(name: string, schema: T) => schema.openapi({ param: { name, in: 'path' } });
export const MethodParams = OrgIdParam.extend({ methodId: pathParam('methodId', z.string().min(1).max(120)) });
export const ReturnParams = z.object({
  orgId: pathParam('orgId', z.string().min(1).max(64)),
  attemptId: pathParam('attemptId', z.string().regex(/^[0-9a-f]{32}$/, 'an attempt id from the set-up')),
});
export const ReturnQuery = z.object({
  approval_token_id: z.string().max(64).optional().openapi({ description: 'The setup token PayPal redirects with' }),
  approval_session_id: z.string().max(64).optional(),
});

export const jsonBody = <T extends z.ZodType>(schema: T, required = true) => ({ content: { 'application/json': { schema } }, required });
export const ok = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });

/** The fields of `from` that are set, for answers that leave out what an attempt does not have yet. */
function present<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((key) => from[key]).map((key) => [key, from[key]])) as Partial<Pick<T, K>>;
}

export const paypalDto = (status: PayPalSetupStatus) => ({
  workflowId: paypalSetupWorkflowId(status.orgId),
  state: status.state,
  ...present(status, ['setupTokenId', 'approvalUrl', 'expiresAt', 'method', 'error']),
});

export const cardDto = (status: CardSetupStatus) => ({
  workflowId: cardSetupWorkflowId(status.orgId),
  state: status.state,
  ...present(status, ['setupIntentId', 'clientSecret', 'expiresAt', 'method', 'lastSetupError', 'error']),
});
