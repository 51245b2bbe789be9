export { topUpWorkflow } from './top-up';
export { lateTopUpCreditsWorkflow } from './late-top-up-credits';
export { paypalApprovalWorkflow } from './paypal-approval';
export { cardSetupWorkflow } from './card-setup';
export { paymentMethodRemovalWorkflow } from './payment-method-removal';
export { billingCycleWorkflow } from './billing-cycle';
export { webhookDeliveryWorkflow } from './webhook-delivery';
