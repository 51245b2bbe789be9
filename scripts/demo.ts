/**
 * A guided tour of the prepaid top-up, run against a running engine (`npm start` in another terminal):
 * create an organization, order a top-up, fetch the proforma, report the bank credit, watch the balance.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { signBankPayload } from '../api/middleware/bank-signature';
import { formatMoney } from '../domain/money';

const API = process.env.API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`;
const ADMIN_KEY = process.env.ADMIN_API_KEY ?? 'dev-admin-key';
const BANK_SECRET = process.env.BANK_WEBHOOK_SECRET ?? 'dev-bank-webhook-secret';
const TEMPORAL_UI = process.env.TEMPORAL_UI_URL ?? 'http://127.0.0.1:8233';
const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';

const step = (n: number, title: string) => console.log(`\n\x1b[1m${n}. ${title}\x1b[0m`);
const show = (label: string, value: unknown) => console.log(`   ${label.padEnd(22)} ${value}`);
const uiLink = (workflowId: string) => `${TEMPORAL_UI}/namespaces/${NAMESPACE}/workflows/${encodeURIComponent(workflowId)}`;

async function api(
  method: string,
  route: string,
  { key, body, headers = {} }: { key?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${API}${route}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body,
  });
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${await response.text()}`);
  return response;
}
const json = async (method: string, route: string, opts: Parameters<typeof api>[2] = {}) =>
  (await api(method, route, opts)).json() as Promise<any>;

async function main() {
  try {
    await api('GET', '/health');
  } catch {
    throw new Error(`no engine answers at ${API}: start it with \`npm start\` in another terminal first`);
  }

  step(1, 'Create an organization (admin key)');
  const created = await json('POST', '/v1/organizations', {
    key: ADMIN_KEY,
    body: JSON.stringify({
      name: 'Demo Telephony Ltd',
      billingEmail: 'accounts@demo-telephony.example',
      currency: 'EUR',
      address: '12 Harbour Road, Dublin',
      vatRateBp: 2300,
      plan: { setupFeeMinor: 9900, monthlyFeeMinor: 4900, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
    }),
  });
  const orgId: string = created.organization.id;
  const key: string = created.apiKey;
  show('organization', orgId);
  show('its API key', `${key.slice(0, 12)}… (shown once; the portal keeps it)`);
  const overview = await json('GET', `/v1/organizations/${orgId}/billing`, { key });
  show('next cycle estimate', formatMoney({ amountMinor: overview.nextCycleEstimate.totalMinor, currency: 'EUR' }));
  if (overview.warning) show('portal warning', overview.warning);

  step(2, 'Order a top-up of 150.00 EUR (Prepaid balance → + Create topup payment order)');
  const order = await json('POST', `/v1/organizations/${orgId}/top-ups`, {
    key,
    headers: { 'idempotency-key': `demo-${Date.now()}` },
    body: JSON.stringify({ amountMinor: 15000, currency: 'EUR' }),
  });
  show('order', order.orderId);
  show('proforma invoice', order.proforma.number);
  show('payment reference', order.paymentReferenceFormatted);
  show('pay to', `${order.bankDetails.bankName}, IBAN ${order.bankDetails.iban}, BIC ${order.bankDetails.bic}`);
  if (order.warning) show('warning', order.warning);
  show('Temporal UI', uiLink(order.workflowId));

  step(3, 'The proforma PDF and the e-mail that carried it');
  const pdf = Buffer.from(await (await api('GET', order.proforma.pdfUrl, { key })).arrayBuffer());
  const dir = path.resolve(__dirname, '../.data/demo');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${order.proforma.number}.pdf`);
  writeFileSync(file, pdf);
  show('PDF saved to', `${file} (${pdf.length} bytes; also GET ${API}${order.proforma.pdfUrl})`);
  const { emails } = await json('GET', `/v1/organizations/${orgId}/emails`, { key });
  for (const email of emails)
    show(
      'e-mail',
      `to ${email.to}: "${email.subject}" [${email.attachments.map((a: { filename: string }) => a.filename).join(', ')}] via ${email.transport}`,
    );
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
  const reconciled = await json('POST', '/v1/bank/credits', {
    body,
    headers: { 'x-bank-timestamp': String(timestamp), 'x-bank-signature': signBankPayload(BANK_SECRET, timestamp, body) },
  });
  show('reconciliation', JSON.stringify(reconciled.results[0]));

  step(5, 'The balance grows');
  let state = '';
  for (let i = 0; i < 50 && state !== 'paid'; i++) {
    state = (await json('GET', `/v1/organizations/${orgId}/top-ups/${order.orderId}`, { key })).state;
    if (state !== 'paid') await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const after = await json('GET', `/v1/organizations/${orgId}/billing`, { key });
  show('order state', state);
  show('balance', formatMoney(after.balance));
  show('covers next cycle', after.balanceCoversNextCycle ? 'yes' : `no — ${after.warning}`);
  const { entries } = await json('GET', `/v1/organizations/${orgId}/ledger`, { key });
  for (const entry of entries)
    show('ledger', `${entry.description}: +${formatMoney({ amountMinor: entry.amountMinor, currency: entry.currency })}`);
  const latest = await json('GET', `/v1/organizations/${orgId}/emails`, { key });
  show('latest e-mail', `"${latest.emails[0].subject}"`);
  show('Temporal UI', uiLink(order.workflowId));
  console.log(
    `\nAll orders awaiting a bank credit: ${TEMPORAL_UI}/namespaces/${NAMESPACE}/workflows?query=${encodeURIComponent('BillingState="awaiting_payment"')}`,
  );
  // What a provider's portal does for its customer: a single-use link into the customer portal.
  const portal = await json('POST', `/v1/organizations/${orgId}/portal-sessions`, { key, body: '{}' });
  console.log(`\nCustomer portal for ${orgId} (open once, within minutes): ${portal.url}`);
}

main().catch((error) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
