/** Requests to the Hono app as a portal, an admin or the bank would send them; shared by both test engines. */
import { signBankPayload } from '../../api/middleware/bank-signature';

export const ADMIN_KEY = 'test-admin-key-0123456789';
export const BANK_SECRET = 'test-bank-secret-0123456789';

/** A credit line as the bank reports it (`reportCredits`), paying `reference`. */
export const bankCredit = (bankTxId: string, amountMinor: number, reference: string, valueDate = '2026-11-25') => ({
  bankTxId,
  amountMinor,
  currency: 'EUR',
  reference,
  valueDate,
});

type App = { request(path: string, init: RequestInit): Response | Promise<Response> };

export function apiClient(app: App) {
  async function call(
    method: string,
    path: string,
    { key, body, headers = {} }: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await app.request(path, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text, headers: response.headers };
  }

  /** The bank signs with real time, whatever a time-skipping server's clock says. */
  async function reportCredits(credits: unknown[], { secret = BANK_SECRET, timestamp = Math.floor(Date.now() / 1000) } = {}) {
    const body = JSON.stringify({ credits });
    return call('POST', '/v1/bank/credits', {
      body,
      headers: { 'x-bank-timestamp': String(timestamp), 'x-bank-signature': signBankPayload(secret, timestamp, body) },
    });
  }

  async function createOrganization(fields: Record<string, unknown> = {}) {
    const response = await call('POST', '/v1/organizations', {
      key: ADMIN_KEY,
      body: {
        name: 'Acme Telephony',
        billingEmail: 'billing@acme.test',
        currency: 'EUR',
        vatRateBp: 2100,
        plan: { setupFeeMinor: 10000, monthlyFeeMinor: 5000, usagePrices: [{ metric: 'seats', unit: 'seat', unitPriceMinor: 300 }] },
        ...fields,
      },
    });
    if (response.status !== 201) throw new Error(`create organization: ${response.status} ${response.text}`);
    return { orgId: response.json.organization.id as string, key: response.json.apiKey as string };
  }

  return { call, reportCredits, createOrganization };
}
