/**
 * A guided tour of the prepaid top-up, run against a running engine (`npm start` in another terminal):
 * create an organization, order a top-up, fetch the proforma, report the bank credit, watch the balance,
 * and read the events the provider's systems received. It talks to the API through the typed client.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signBankPayload } from '../api/middleware/bank-signature';
import { createBillingClient } from '../client';
import { formatMoney } from '../domain/money';

const API = process.env.API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
const ADMIN_KEY = process.env.ADMIN_API_KEY ?? 'dev-admin-key';
const BANK_SECRET = process.env.BANK_WEBHOOK_SECRET ?? 'dev-bank-webhook-secret';
const TEMPORAL_UI = process.env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233';
const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';

const step = (n: number, title: string) => console.log(`\n\x1b[1m${n}. ${title}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label.padEnd(22)} ${value}`);
const uiLink = (workflowId: string) => `${TEMPORAL_UI}/namespaces/${NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;

/** Answers the data of a typed call, or stops the demo with the API's error. */
async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || data === undefined) throw new Error(`${response.url} → ${response.status}: ${JSON.stringify(error)}`);
  return data;
}

async function main() {
  try {
    await fetch(`${API}/health`);
  } catch {
    throw new Error(`no engine answers at ${API}: start it with \`npm start\` in another terminal first`);
  }
  const admin = createBillingClient({ baseUrl: API, apiKey: ADMIN_KEY });

  step(1, 'Create an organization (admin key)');
  const created = await ok(
    admin.POST('/v1/organizations', {
      body: {
        name: 'Demo Telephony Ltd',
        billingEmail: 'accounts@demo-telephony.example',
        currency: 'EUR',
        address: '12 Harbour Road, Dublin',
        vatRateBp: 2300,
        plan: { setupFeeMinor: 9900, monthlyFeeMinor: 4900, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
      },
    }),
  );
  const orgId = created.organization.id;
  const key = created.apiKey!;
  const portal = createBillingClient({ baseUrl: API, apiKey: key });
  const org = { params: { path: { orgId } } };
  show('organization', orgId);
  show('its API key', `${key.slice(0, 12)}… (shown once; the portal keeps it)`);
  const overview = await ok(portal.GET('/v1/organizations/{orgId}/billing', org));
  show('next cycle estimate', formatMoney({ amountMinor: overview.nextCycleEstimate.totalMinor, currency: 'EUR' }));
  if (overview.warning) show('portal warning', overview.warning);

  step(2, 'Order a top-up of 150.00 EUR (Prepaid balance → + Create topup payment order)');
  const order = await ok(
    portal.POST('/v1/organizations/{orgId}/top-ups', {
      params: { path: { orgId }, header: { 'idempotency-key': `demo-${Date.now()}` } },
      body: { amountMinor: 15000, currency: 'EUR' },
    }),
  );
  show('order', order.orderId);
  show('proforma invoice', order.proforma.number);
  show('payment reference', order.paymentReferenceFormatted);
  show('pay to', `${order.bankDetails.bankName}, IBAN ${order.bankDetails.iban}, BIC ${order.bankDetails.bic}`);
  if (order.warning) show('warning', order.warning);
  show('Temporal UI', uiLink(order.workflowId));

  step(3, 'The proforma PDF and the e-mail that carried it');
  const pdfResponse = await fetch(`${API}${order.proforma.pdfUrl}`, { headers: { authorization: `Bearer ${key}` } });
  const pdf = Buffer.from(await pdfResponse.arrayBuffer());
  const dir = path.resolve(__dirname, '../.data/demo');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${order.proforma.number}.pdf`);
  writeFileSync(file, pdf);
  show('PDF saved to', `${file} (${pdf.length} bytes; also GET ${API}${order.proforma.pdfUrl})`);
  const emails = await ok(portal.GET('/v1/organizations/{orgId}/emails', org));
  for (const email of emails.data)
    show('e-mail', `to ${email.to}: "${email.subject}" [${email.attachments.map((a) => a.filename).join(', ')}] via ${email.transport}`);
  show('dev outbox', `GET ${API}/v1/dev/outbox (admin key)`);

  step(4, 'The bank reports the transfer (signed by the reconciliation system)');
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    credits: [
      {
        bankTxId: `DEMO-${Date.now()}`,
        amountMinor: 15000,
        currency: 'EUR',
        reference: order.paymentReferenceFormatted,
        valueDate: new Date().toISOString().slice(0, 10),
      },
    ],
  });
  // The bank signs the raw body it sends, so this one request goes out as bytes rather than through the client.
  const reconciled = await fetch(`${API}/v1/bank/credits`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-bank-timestamp': String(timestamp),
      'x-bank-signature': signBankPayload(BANK_SECRET, timestamp, body),
    },
    body,
  });
  show('reconciliation', JSON.stringify(((await reconciled.json()) as { results: unknown[] }).results[0]));

  step(5, 'The balance grows');
  let state = '';
  for (let i = 0; i < 50 && state !== 'paid'; i++) {
    state = (await ok(portal.GET('/v1/organizations/{orgId}/top-ups/{orderId}', { params: { path: { orgId, orderId: order.orderId } } })))
      .state;
    if (state !== 'paid') await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const after = await ok(portal.GET('/v1/organizations/{orgId}/billing', org));
  show('order state', state);
  show('balance', formatMoney(after.balance));
  show('covers next cycle', after.balanceCoversNextCycle ? 'yes' : `no — ${after.warning}`);
  const ledger = await ok(portal.GET('/v1/organizations/{orgId}/ledger', org));
  for (const entry of ledger.data)
    show('ledger', `${entry.description}: +${formatMoney({ amountMinor: entry.amountMinor, currency: entry.currency })}`);
  const latest = await ok(portal.GET('/v1/organizations/{orgId}/emails', org));
  show('latest e-mail', `"${latest.data[0].subject}"`);
  show('Temporal UI', uiLink(order.workflowId));

  step(6, "What the provider's systems were told (GET /v1/events; pushed to webhook endpoints, signed)");
  const events = await ok(portal.GET('/v1/events', { params: { query: { limit: 20 } } }));
  for (const event of [...events.data].reverse()) show(`#${event.sequence} ${event.type}`, event.id);
  console.log(
    `\nAll orders awaiting a bank credit: ${TEMPORAL_UI}/namespaces/${NAMESPACE}/workflows?query=${encodeURIComponent('BillingState="awaiting_payment"')}`,
  );
  // What a provider's portal does for its customer: a single-use link into the customer portal.
  const session = await ok(portal.POST('/v1/organizations/{orgId}/portal-sessions', { ...org, body: {} }));
  console.log(`\nCustomer portal for ${orgId} (open once, within minutes): ${session.url}`);
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
