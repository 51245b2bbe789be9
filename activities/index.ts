import type { Config } from '../config';
import type { Models } from '../models';
import type { ActivityContext } from './context';
import { createMailer } from './email';
import * as templates from './email-templates';
import { createInvoiceNumbering } from './invoice-numbering';
import { createLedger } from './ledger';
import { renderInvoicePdf } from './pdf';
import { createTopUpActivities } from './top-ups';

export function createActivities(deps: { models: Models; config: Config } & Partial<ActivityContext>) {
  const context: ActivityContext = {
    ledger: createLedger(deps.models),
    issueNumberedInvoice: createInvoiceNumbering(deps.models),
    mailer: createMailer({ models: deps.models, config: deps.config }),
    renderInvoicePdf,
    templates,
    ...deps,
  };
  return {
    ...createTopUpActivities(context),
  };
}

export type Activities = ReturnType<typeof createActivities>;
