/**
 * What the PayPal and card set-ups share once a provider has said yes: reading a saved method back as the
 * workflows report it, telling the organization, and, when a method is removed, marking it so and revoking
 * it at its provider.
 */
import { Refusal } from '../domain/errors';
import type { Models } from '../models';
import { paymentMethodView } from '../models/payment-method';
import type { PaymentMethodChanged, SavedPaymentMethod } from '../workflows/definitions';
import type { ActivityContext } from './context';
import { paymentMethodEvent } from './event-payloads';

export async function toSavedMethod(models: Pick<Models, 'PaymentMethod' | 'Organization'>, methodId: string): Promise<SavedPaymentMethod> {
  const method = await models.PaymentMethod.findById(methodId).lean();
  if (!method) throw Refusal.notFound(`payment method ${methodId} not found`);
  const org = await models.Organization.findById(method.orgId, { defaultPaymentMethodId: 1 }).lean();
  return paymentMethodView(method, org?.defaultPaymentMethodId);
}

/**
 * The one direct write of an organization's default payment method, for where its billing workflow does not
 * record it. `replacing`: only if that method is the default now (a removed default falls back to prepaid).
 */
export async function writeDefaultPaymentMethod(
  models: Pick<Models, 'Organization'>,
  orgId: string,
  change: PaymentMethodChanged,
  replacing?: string,
): Promise<void> {
  const update = change.methodId
    ? { $set: { defaultPaymentMethod: change.method, defaultPaymentMethodId: change.methodId } }
    : { $set: { defaultPaymentMethod: change.method }, $unset: { defaultPaymentMethodId: 1 } };
  await models.Organization.updateOne({ _id: orgId, ...(replacing ? { defaultPaymentMethodId: replacing } : {}) }, update);
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
    if (!org) throw Refusal.notFound(`organization ${orgId} not found`);
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

  /** A set-up's "make it the default", or a removed default's fallback to prepaid. */
  async function recordDefaultPaymentMethod(input: { orgId: string; change: PaymentMethodChanged; replacing?: string }): Promise<void> {
    await writeDefaultPaymentMethod(models, input.orgId, input.change, input.replacing);
  }

  /**
   * The first step of a removal: from here on the method is never charged again, whatever a provider outage
   * does to the revocation. Answers whose it is and whether it was the default, so the workflow can say so.
   */
  async function markPaymentMethodRemoved(input: { methodId: string }): Promise<{ orgId: string; wasDefault: boolean }> {
    const method = await models.PaymentMethod.findById(input.methodId, { orgId: 1, status: 1 }).lean();
    if (!method) throw Refusal.notFound(`payment method ${input.methodId} not found`);
    if (method.status === 'active') {
      await models.PaymentMethod.updateOne({ _id: method._id }, { $set: { status: 'removed', removedAt: new Date() } });
    }
    const org = await models.Organization.findById(method.orgId, { defaultPaymentMethodId: 1 }).lean();
    return { orgId: method.orgId, wasDefault: org?.defaultPaymentMethodId === method._id };
  }

  /**
   * A removed method can no longer be charged by us (marked removed first); this also revokes it at the
   * provider, so the billing agreement or the card on the Stripe customer is gone there too.
   */
  async function revokePaymentMethod(input: { methodId: string }): Promise<void> {
    const method = await models.PaymentMethod.findById(input.methodId).lean();
    if (!method) throw Refusal.notFound(`payment method ${input.methodId} not found`);
    if (method.status !== 'removed') throw Refusal.conflict(`payment method ${input.methodId} is ${method.status}, not removed`);
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

  return { sendPaymentMethodAdded, recordDefaultPaymentMethod, markPaymentMethodRemoved, revokePaymentMethod };
}
