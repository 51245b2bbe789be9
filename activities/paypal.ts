/**
 * PayPal through the real SDK (@paypal/paypal-server-sdk): the Vault API for the billing agreement (setup
 * token → payer approval → payment token) and, for the billing cycle, the Orders API charging a vaulted
 * payment token. Every POST carries a PayPal-Request-Id derived from the calling workflow, so a retried
 * activity gets PayPal's first answer back instead of creating a second token or charging twice (PayPal
 * keeps the ids for at least 3 hours; at most 108 characters).
 */
import {
  ApiError,
  CheckoutPaymentIntent,
  ExperienceContextShippingPreference,
  OrdersController,
  PaymentInitiator,
  PaypalPaymentTokenCustomerType,
  PaypalPaymentTokenUsageType,
  StoredPaymentSourceUsageType,
  UsagePattern,
  VaultController,
  VaultTokenRequestType,
} from '@paypal/paypal-server-sdk';
import { ApplicationFailure } from '@temporalio/common';
import { ProviderFailure, Refusal } from '../domain/errors';
import type { Currency } from '../domain/money';
import { decimalStringToMinor, minorToDecimalString } from '../domain/payment-methods';
import { paypalMethodId } from '../models/payment-method';
import type { SavedPaymentMethod } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { toSavedMethod } from './payment-methods';

export interface PayPalSetupToken {
  setupTokenId: string;
  /** PAYER_ACTION_REQUIRED until the payer approves, then APPROVED. */
  status: string;
  approvalUrl?: string;
  customerId?: string;
}

export interface PayPalPaymentToken {
  paymentTokenId: string;
  customerId?: string;
  merchantCustomerId?: string;
  payerEmail?: string;
  payerId?: string;
}

/** A billing cycle's charge of a vaulted PayPal payment token (merchant-initiated). */
export interface PayPalChargeRequest {
  orgId: string;
  cycleId: string;
  paymentTokenId: string;
  amountMinor: number;
  currency: Currency;
  requestId: string;
}

export interface PayPalCapture {
  orderId: string;
  captureId: string;
  /** COMPLETED, or PENDING (PayPal is still reviewing: the cycle waits for the webhook). */
  status: string;
  amountMinor: number;
  currency: Currency;
}

const MAX_REQUEST_ID = 108;

function requestIdHeader(requestId: string): string {
  if (!requestId || requestId.length > MAX_REQUEST_ID) {
    throw Refusal.invalidInput(`PayPal-Request-Id must be 1-${MAX_REQUEST_ID} characters, got ${requestId.length}`);
  }
  return requestId;
}

interface PayPalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: { issue?: string; description?: string }[];
  error?: string;
  error_description?: string;
}

function parseBody(error: ApiError): PayPalErrorBody {
  if (error.result && typeof error.result === 'object') return error.result as PayPalErrorBody;
  try {
    return typeof error.body === 'string' ? (JSON.parse(error.body) as PayPalErrorBody) : {};
  } catch {
    return {};
  }
}

/**
 * PayPal's answer as an activity error. Only PayPal's error body goes into the message: the SDK's error
 * objects also hold the request, whose headers carry the bearer token or the client credentials.
 */
export function paypalFailure(what: string, error: unknown): Error {
  if (error instanceof ApiError) {
    const body = parseBody(error);
    const detail = body.details?.[0];
    const code = detail?.issue ?? body.name ?? body.error ?? `HTTP_${error.statusCode}`;
    const description = detail?.description ?? body.message ?? body.error_description ?? '';
    const message = `PayPal ${what}: HTTP ${error.statusCode} ${code}${description ? `: ${description}` : ''}${body.debug_id ? ` (debug_id ${body.debug_id})` : ''}`;
    if (error.statusCode === 408 || error.statusCode === 429 || error.statusCode >= 500) return new Error(message);
    // On a charge, both mean the payer must act (another funding source, re-approval): not ours to retry.
    const declined = what.startsWith('charge') && (code === 'INSTRUMENT_DECLINED' || code === 'PAYER_ACTION_REQUIRED');
    // PayPal already holds a payment of this cycle (its invoice id) in an order we never stored.
    const paidBefore = code === 'DUPLICATE_INVOICE_ID';
    const type = paidBefore ? ProviderFailure.NeedsReconciliation : declined ? ProviderFailure.PaymentDeclined : ProviderFailure.Rejected;
    return ApplicationFailure.nonRetryable(message, type, {
      code,
      message: description || code,
      status: error.statusCode,
    });
  }
  // A network failure, or the SDK refusing a malformed answer: retried, with only the message kept.
  return new Error(`PayPal ${what}: ${error instanceof Error ? error.message : String(error)}`);
}

/** PayPal's `invoice_id` for a billing cycle (at most 127 characters). */
export const paypalInvoiceId = (orgId: string, cycleId: string) => `cycle:${orgId}:${cycleId}`.slice(0, 127);

/** How long PayPal is sure to remember a PayPal-Request-Id (it documents about 6 hours; we keep a margin). */
export const PAYPAL_REQUEST_ID_RETENTION_MS = 3 * 60 * 60 * 1000;

async function call<T>(what: string, fn: () => Promise<{ result: T }>): Promise<T> {
  try {
    return (await fn()).result;
  } catch (error) {
    throw paypalFailure(what, error);
  }
}

export function createPayPalActivities({ models, config, paypal }: ActivityContext) {
  const vault = new VaultController(paypal);
  const orders = new OrdersController(paypal);

  /**
   * A setup token for the organization's PayPal wallet, merchant-initiated and recurring, with return and
   * cancel URLs on our API. `merchantCustomerId` is our organization id, so PayPal's later webhooks about the
   * payment token name the organization; an earlier PayPal customer id links this wallet to the same payer.
   */
  async function createPayPalSetupToken(input: {
    orgId: string;
    returnUrl: string;
    cancelUrl: string;
    requestId: string;
  }): Promise<PayPalSetupToken> {
    const org = await models.Organization.findById(input.orgId, { name: 1 }).lean();
    if (!org) throw Refusal.notFound(`organization ${input.orgId} not found`);
    const previous = await models.PaymentMethod.findOne(
      { orgId: input.orgId, kind: 'paypal', 'paypal.customerId': { $exists: true } },
      { paypal: 1 },
    )
      .sort({ createdAt: -1 })
      .lean();
    const result = await call('create setup token', () =>
      vault.createSetupToken({
        paypalRequestId: requestIdHeader(input.requestId),
        body: {
          customer: { merchantCustomerId: org._id, ...(previous?.paypal?.customerId ? { id: previous.paypal.customerId } : {}) },
          paymentSource: {
            paypal: {
              description: `${config.SELLER_NAME}: monthly billing of ${org.name}`,
              usagePattern: UsagePattern.RecurringPostpaid,
              usageType: PaypalPaymentTokenUsageType.Merchant,
              customerType: PaypalPaymentTokenCustomerType.Business,
              permitMultiplePaymentTokens: false,
              experienceContext: {
                brandName: config.SELLER_NAME,
                returnUrl: input.returnUrl,
                cancelUrl: input.cancelUrl,
                shippingPreference: ExperienceContextShippingPreference.NoShipping,
              },
            },
          },
        },
      }),
    );
    const approvalUrl = result.links?.find((link) => link.rel === 'approve')?.href;
    if (!result.id || !approvalUrl) {
      throw ApplicationFailure.nonRetryable('PayPal created a setup token without an id or an approve link', ProviderFailure.Rejected);
    }
    return { setupTokenId: result.id, status: String(result.status ?? ''), approvalUrl, customerId: result.customer?.id };
  }

  async function getPayPalSetupToken(input: { setupTokenId: string }): Promise<PayPalSetupToken> {
    const result = await call('get setup token', () => vault.getSetupToken(input.setupTokenId));
    return { setupTokenId: result.id ?? input.setupTokenId, status: String(result.status ?? ''), customerId: result.customer?.id };
  }

  function toPaymentToken(result: {
    id?: string;
    customer?: { id?: string; merchantCustomerId?: string };
    paymentSource?: { paypal?: { emailAddress?: string; payerId?: string } };
  }): PayPalPaymentToken {
    if (!result.id) throw ApplicationFailure.nonRetryable('PayPal answered with a payment token without an id', ProviderFailure.Rejected);
    return {
      paymentTokenId: result.id,
      customerId: result.customer?.id,
      merchantCustomerId: result.customer?.merchantCustomerId,
      payerEmail: result.paymentSource?.paypal?.emailAddress,
      payerId: result.paymentSource?.paypal?.payerId,
    };
  }

  /** Turns the approved setup token into the payment token that future charges name. */
  async function createPayPalPaymentToken(input: { setupTokenId: string; requestId: string }): Promise<PayPalPaymentToken> {
    const result = await call('create payment token', () =>
      vault.createPaymentToken({
        paypalRequestId: requestIdHeader(input.requestId),
        body: { paymentSource: { token: { id: input.setupTokenId, type: VaultTokenRequestType.SetupToken } } },
      }),
    );
    return toPaymentToken(result);
  }

  async function getPayPalPaymentToken(input: { paymentTokenId: string }): Promise<PayPalPaymentToken> {
    return toPaymentToken(await call('get payment token', () => vault.getPaymentToken(input.paymentTokenId)));
  }

  /** Stores the billing agreement as the organization's PayPal method (once per payment token). */
  async function savePayPalMethod(input: {
    orgId: string;
    token: PayPalPaymentToken;
    setupTokenId?: string;
    workflowId: string;
  }): Promise<SavedPaymentMethod> {
    const _id = paypalMethodId(input.token.paymentTokenId);
    await models.PaymentMethod.updateOne(
      { _id },
      {
        $setOnInsert: {
          orgId: input.orgId,
          kind: 'paypal',
          status: 'active',
          workflowId: input.workflowId,
          paypal: {
            paymentTokenId: input.token.paymentTokenId,
            setupTokenId: input.setupTokenId,
            customerId: input.token.customerId,
            payerEmail: input.token.payerEmail,
            payerId: input.token.payerId,
          },
        },
      },
      { upsert: true },
    );
    return toSavedMethod(models, _id);
  }

  /**
   * Charges a vaulted PayPal payment token, merchant-initiated (for the billing cycle). PayPal completes an
   * order paid with a vault id when it is created; an order that comes back APPROVED is captured here.
   * Both calls carry request ids derived from `requestId`, so a retry never charges twice.
   */
  async function capturePayPalPayment(input: PayPalChargeRequest): Promise<PayPalCapture> {
    const value = minorToDecimalString(input.amountMinor, input.currency);
    let order = await call('charge (create order)', () =>
      orders.createOrder({
        paypalRequestId: requestIdHeader(`${input.requestId}:order`),
        prefer: 'return=representation',
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              referenceId: input.cycleId,
              customId: input.orgId,
              // One invoice id per cycle, whatever the attempt: PayPal refuses a second payment under it, so
              // a retry made after PayPal forgot the request id cannot charge the cycle twice.
              invoiceId: paypalInvoiceId(input.orgId, input.cycleId),
              amount: { currencyCode: input.currency, value },
            },
          ],
          paymentSource: {
            paypal: {
              vaultId: input.paymentTokenId,
              storedCredential: {
                paymentInitiator: PaymentInitiator.Merchant,
                usage: StoredPaymentSourceUsageType.Subsequent,
                usagePattern: UsagePattern.RecurringPostpaid,
              },
            },
          },
        },
      }),
    );
    if (order.status === 'APPROVED') {
      order = await call('charge (capture order)', () =>
        orders.captureOrder({
          id: order.id!,
          paypalRequestId: requestIdHeader(`${input.requestId}:capture`),
          prefer: 'return=representation',
        }),
      );
    }
    const capture = order.purchaseUnits?.[0]?.payments?.captures?.[0];
    if (!order.id || !capture?.id || !capture.amount) {
      throw ApplicationFailure.nonRetryable(
        `PayPal order ${order.id ?? '?'} is ${order.status ?? '?'} without a capture`,
        ProviderFailure.Rejected,
      );
    }
    if (capture.status === 'DECLINED' || capture.status === 'FAILED') {
      throw ApplicationFailure.nonRetryable(
        `PayPal declined the payment (capture ${capture.id} ${capture.status})`,
        ProviderFailure.PaymentDeclined,
        {
          code: capture.status,
          message: capture.statusDetails?.reason ?? capture.status,
        },
      );
    }
    if (capture.amount.currencyCode !== input.currency) {
      throw ApplicationFailure.nonRetryable(
        `PayPal captured in ${capture.amount.currencyCode}, not ${input.currency}`,
        ProviderFailure.Rejected,
      );
    }
    return {
      orderId: order.id,
      captureId: capture.id,
      status: String(capture.status ?? ''),
      amountMinor: decimalStringToMinor(capture.amount.value, input.currency),
      currency: input.currency,
    };
  }

  /** Deletes a removed method's payment token at PayPal; an already deleted token counts as done. */
  async function deletePayPalPaymentToken(input: { paymentTokenId: string }): Promise<void> {
    try {
      await vault.deletePaymentToken(input.paymentTokenId);
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 404) return;
      throw paypalFailure('delete payment token', error);
    }
  }

  return {
    createPayPalSetupToken,
    getPayPalSetupToken,
    createPayPalPaymentToken,
    getPayPalPaymentToken,
    savePayPalMethod,
    capturePayPalPayment,
    deletePayPalPaymentToken,
  };
}
