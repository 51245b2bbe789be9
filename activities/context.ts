import type { Config } from '../config';
import type { Models } from '../models';
import type { PayPalClient } from '../providers/paypal';
import type { StripeClient } from '../providers/stripe';
import type { Mailer } from './email';
import type { RecordEvent, RecordEvents } from './events';
import type * as templates from './email-templates';
import type { IssueNumberedInvoice } from './invoice-numbering';
import type { Ledger } from './ledger';
import type { renderInvoicePdf } from './pdf';

/** What activities close over: built once per worker process (one database pool, one mailer). */
export interface ActivityContext {
  models: Models;
  config: Config;
  ledger: Ledger;
  issueNumberedInvoice: IssueNumberedInvoice;
  mailer: Mailer;
  /** Records a business fact once per effect and hands it to the webhook endpoints that want it. */
  recordEvent: RecordEvent;
  /** The facts of one effect, in one write where they can share it. */
  recordEvents: RecordEvents;
  renderInvoicePdf: typeof renderInvoicePdf;
  templates: typeof templates;
  /** Provider SDK clients (providers/*.ts); tests inject clients pointed at stripe-mock or a fake. */
  stripe: StripeClient;
  paypal: PayPalClient;
  /**
   * Whether a bank credit is news to the organization's billing workflow (activities/billing-attention.ts);
   * absent where no billing workflow can run: then it never is.
   */
  billingAwaitsFunds?: (orgId: string) => Promise<boolean>;
}
