/**
 * What the PayPal and card set-ups share once a provider has said yes: reading a saved method back as the
 * workflows report it, making it the default when asked, telling the organization, and, when a method is
 * removed, revoking it at its provider.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PaymentMethodKind } from '../domain/payment-methods';
import type { Models } from '../models';
import { paymentMethodView } from '../models/payment-method';
import type { SavedPaymentMethod } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { paymentMethodEvent } from './event-payloads';

export async function toSavedMethod(models: Pick<Models, 'PaymentMethod' | 'Organization'>, methodId: string): Promise<SavedPaymentMethod> {
  const method = await models.PaymentMethod.findById(methodId).lean();
  if (!method) throw ApplicationFailure.nonRetryable(`payment method ${methodId} not found`, 'NotFound');
  const org = await models.Organization.findById(method.orgId, { defaultPaymentMethodId: 1 }).lean();
  return paymentMethodView(method, org?.defaultPaymentMethodId);
}

export async function setDefaultIfAsked(
  models: Pick<Models, 'Organization'>,
  orgId: string,
  methodId: string,
  kind: PaymentMethodKind,
  makeDefault: boolean,
): Promise<void> {
  if (!makeDefault) return;
  await models.Organization.updateOne({ _id: orgId }, { $set: { defaultPaymentMethod: kind, defaultPaymentMethodId: methodId } });
}

export function createPaymentMethodActivities(
  { models, mailer, templates, recordEvent }: ActivityContext,
  providers: {
    deletePayPalPaymentToken(input: { paymentTokenId: string }): Promise<void>;
    detachCardPaymentMethod(input: { paymentMethodId: string }): Promise<void>;
  },
) {
  async function recipient(orgId: string) {
    const org = await models.Organization.findById(orgId, { name: 1, billingEmail: 1 }).lean();
    if (!org) throw ApplicationFailure.nonRetryable(`organization ${orgId} not found`, 'NotFound');
    return org;
  }

  /** The confirmation e-mail, once per method. */
  async function sendPaymentMethodAdded(input: { orgId: string; methodId: string }): Promise<void> {
    const org = await recipient(input.orgId);
    const method = await toSavedMethod(models, input.methodId);
    await recordEvent(paymentMethodEvent('payment_method.attached', input.orgId, method));
    await mailer.send({
      key: `payment-method-added:${input.methodId}`,
      orgId: input.orgId,
      to: org.billingEmail,
      ...templates.paymentMethodAdded({ organizationName: org.name, method }),
    });
  }

  /**
   * A removed method can no longer be charged by us (the API marked it removed); this also revokes it at
   * the provider, so the billing agreement or the card on the Stripe customer is gone there too.
   */
  async function revokePaymentMethod(input: { methodId: string }): Promise<void> {
    const method = await models.PaymentMethod.findById(input.methodId).lean();
    if (!method) throw ApplicationFailure.nonRetryable(`payment method ${input.methodId} not found`, 'NotFound');
    if (method.status !== 'removed')
      throw ApplicationFailure.nonRetryable(`payment method ${input.methodId} is ${method.status}, not removed`, 'Conflict');
    if (method.paypal) await providers.deletePayPalPaymentToken({ paymentTokenId: method.paypal.paymentTokenId });
    if (method.card) await providers.detachCardPaymentMethod({ paymentMethodId: method.card.paymentMethodId });
    const org = await recipient(method.orgId);
    await recordEvent(paymentMethodEvent('payment_method.removed', method.orgId, paymentMethodView(method, undefined)));
    await mailer.send({
      key: `payment-method-removed:${method._id}`,
      orgId: method.orgId,
      to: org.billingEmail,
      ...templates.paymentMethodRemoved({
        organizationName: org.name,
        method: paymentMethodView(method, undefined),
      }),
    });
  }

  return { sendPaymentMethodAdded, revokePaymentMethod };
}
