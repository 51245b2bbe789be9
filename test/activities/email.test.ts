import { createMailer, EmailSendError, type OutgoingEmail } from '../../activities/email';
import type { Models } from '../../models';
import { startFakeResend, type FakeResend } from '../fakes/resend';
import { testDatabase } from '../helpers/database';

const EMAIL_FROM = 'Billing <billing@example.com>';
const pdfBytes = Buffer.from('%PDF-1.3\n% not really a PDF, but binary enough: \u00ff\u00fe\n%%EOF\n', 'latin1');

let models: Models;
let drop: () => Promise<void>;
let sequence = 0;

beforeAll(async () => {
  ({ models, drop } = await testDatabase());
});
afterAll(async () => {
  await drop();
});

function message(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  sequence += 1;
  return {
    key: `test-email:${sequence}:${Date.now()}`,
    orgId: 'org_1',
    to: 'billing@acme.example',
    subject: 'Proforma invoice PF-2026-000001: please transfer 100.00 EUR',
    text: 'Hello,\n\nPlease transfer 100.00 EUR.\n',
    attachments: [{ filename: 'PF-2026-000001.pdf', invoiceId: 'proforma-order_1', content: pdfBytes }],
    ...overrides,
  };
}

describe('mailer in dev-outbox mode (no RESEND_API_KEY)', () => {
  it('stores the message, without attachment bytes, and marks it sent', async () => {
    const mailer = createMailer({ config: { RESEND_API_KEY: '', EMAIL_FROM }, models });
    const email = message();
    await expect(mailer.send(email)).resolves.toEqual({ transport: 'dev-outbox', id: email.key });

    const stored = await models.OutboxEmail.collection.findOne({ _id: email.key as never });
    expect(stored).toMatchObject({
      orgId: 'org_1',
      to: 'billing@acme.example',
      subject: email.subject,
      text: email.text,
      transport: 'dev-outbox',
      attachments: [{ filename: 'PF-2026-000001.pdf', invoiceId: 'proforma-order_1' }],
    });
    expect(stored!.sentAt).toBeInstanceOf(Date);
    expect(stored!.attachments[0]).not.toHaveProperty('content');
  });

  it('does not send or store a second time with the same key', async () => {
    const mailer = createMailer({ config: { RESEND_API_KEY: '', EMAIL_FROM }, models });
    const email = message();
    const first = await mailer.send(email);
    const before = await models.OutboxEmail.findById(email.key).lean();

    const again = await mailer.send({ ...email, subject: 'a retry that changed its mind' });
    expect(again).toEqual(first);
    expect(await models.OutboxEmail.countDocuments({ _id: email.key })).toBe(1);
    const after = await models.OutboxEmail.findById(email.key).lean();
    expect(after!.subject).toBe(email.subject);
    expect(after!.sentAt).toEqual(before!.sentAt);
  });

  it('survives concurrent sends of the same key with one record', async () => {
    const mailer = createMailer({ config: { RESEND_API_KEY: '', EMAIL_FROM }, models });
    const email = message();
    const results = await Promise.all([mailer.send(email), mailer.send(email), mailer.send(email)]);
    expect(results).toEqual(Array(3).fill({ transport: 'dev-outbox', id: email.key }));
    expect(await models.OutboxEmail.countDocuments({ _id: email.key })).toBe(1);
  });
});

describe('mailer in Resend mode (real SDK against a fake Resend API)', () => {
  let fake: FakeResend;
  const consoleSpies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    fake = await startFakeResend();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      consoleSpies.push(jest.spyOn(console, method));
    }
  });
  afterEach(() => {
    // Whatever happened, nothing printed the API key.
    for (const spy of consoleSpies.splice(0)) {
      expect(JSON.stringify(spy.mock.calls)).not.toContain(fake.apiKey);
      spy.mockRestore();
    }
  });

  const resendMailer = (apiKey = fake.apiKey) =>
    createMailer({ config: { RESEND_API_KEY: apiKey, EMAIL_FROM }, models, resendBaseUrl: fake.url });

  it('the fake answers 401 without a key and 403 with a wrong one, as Resend does', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.url}/emails`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    expect((await post({ authorization: 'Bearer re_wrong' })).status).toBe(403);
  });

  it('sends through the SDK with the bearer key, base64 attachment and Idempotency-Key, and records the id', async () => {
    const mailer = resendMailer();
    const email = message();
    const before = fake.requests.length;
    const result = await mailer.send(email);

    expect(result.transport).toBe('resend');
    const [request, ...more] = fake.requests.slice(before);
    expect(more).toHaveLength(0);
    expect(request).toMatchObject({ method: 'POST', path: '/emails' });
    expect(request!.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request!.headers['idempotency-key']).toBe(email.key);
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(request!.body).toMatchObject({
      from: EMAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      attachments: [{ filename: 'PF-2026-000001.pdf', content: pdfBytes.toString('base64') }],
    });
    const delivered = fake.emails.find((e) => e.idempotencyKey === email.key);
    expect(delivered!.id).toBe(result.id);

    const stored = await models.OutboxEmail.findById(email.key).lean();
    expect(stored).toMatchObject({ transport: 'resend', providerMessageId: result.id });
    expect(stored!.sentAt).toBeInstanceOf(Date);
  });

  it('does not call Resend again for a key already recorded as sent', async () => {
    const mailer = resendMailer();
    const email = message();
    const first = await mailer.send(email);
    const before = fake.requests.length;
    await expect(mailer.send(email)).resolves.toEqual(first);
    expect(fake.requests.length).toBe(before);
  });

  it('relies on the Idempotency-Key when a crash lost the record of a sent message', async () => {
    const mailer = resendMailer();
    const email = message();
    const first = await mailer.send(email);
    // As if the worker died after Resend accepted the message but before sentAt was written.
    await models.OutboxEmail.updateOne({ _id: email.key }, { $unset: { sentAt: 1, providerMessageId: 1 } });

    const before = fake.requests.length;
    const retry = await mailer.send(email);
    expect(fake.requests.length).toBe(before + 1); // the SDK did call Resend ...
    expect(retry).toEqual(first); // ... which answered with the first message's id
    expect(fake.emails.filter((e) => e.idempotencyKey === email.key)).toHaveLength(1);
    expect((await models.OutboxEmail.findById(email.key).lean())!.providerMessageId).toBe(first.id);
  });

  it('throws on a 500 so the activity retries, leaves the record unsent, and succeeds on the retry', async () => {
    const mailer = resendMailer();
    const email = message();
    fake.failNext(500);

    const failure = await mailer.send(email).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(EmailSendError);
    expect((failure as Error).message).toMatch(/HTTP 500/);
    expect((failure as Error).message).toContain(email.key);
    expect(JSON.stringify(failure) + String(failure) + (failure as Error).stack).not.toContain(fake.apiKey);
    const pending = await models.OutboxEmail.findById(email.key).lean();
    expect(pending).toMatchObject({ transport: 'resend', subject: email.subject });
    expect(pending!.sentAt).toBeUndefined();

    const retry = await mailer.send(email);
    expect(retry.transport).toBe('resend');
    expect((await models.OutboxEmail.findById(email.key).lean())!.providerMessageId).toBe(retry.id);
  });

  it('throws on a rejected API key without revealing it', async () => {
    const wrongKey = 're_wrong_key_that_must_not_leak';
    const failure = await resendMailer(wrongKey)
      .send(message())
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(EmailSendError);
    expect((failure as Error).message).toMatch(/invalid_api_key \(HTTP 403\)/);
    expect(String(failure) + (failure as Error).stack).not.toContain(wrongKey);
  });

  it('throws when Resend cannot be reached at all', async () => {
    const unreachable = createMailer({
      config: { RESEND_API_KEY: fake.apiKey, EMAIL_FROM },
      models,
      resendBaseUrl: 'http://127.0.0.1:1',
    });
    await expect(unreachable.send(message())).rejects.toThrow(EmailSendError);
  });
});
