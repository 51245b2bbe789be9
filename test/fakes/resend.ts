/**
 * A small stand-in for Resend's HTTP API (https://resend.com/docs/api-reference/emails/send-email), enough
 * for the real `resend` SDK to talk to: POST /emails with `Authorization: Bearer <key>` and a JSON body,
 * answering `{ id }`. Idempotency follows Resend's documented behaviour: the same `Idempotency-Key` with the
 * same body returns the first answer without sending again; with a different body it is a 409
 * `invalid_idempotent_request`. Errors use Resend's error shape `{ statusCode, name, message }`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeEmail {
  id: string;
  idempotencyKey?: string;
  from: string;
  to: string | string[];
  subject: string;
  text?: string;
  attachments?: { filename?: string; content?: string; content_type?: string }[];
}

export interface FakeResend {
  /** Base URL for `new Resend(key, { baseUrl })` or RESEND_BASE_URL. */
  url: string;
  apiKey: string;
  /** Every request received, in order, including rejected ones. */
  requests: RecordedRequest[];
  /** Every e-mail accepted (replays of an idempotency key are not counted twice). */
  emails: FakeEmail[];
  /** The next `count` POST /emails answer with this status and a Resend-shaped error body. */
  failNext(statusCode: number, count?: number): void;
  close(): Promise<void>;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

function send(res: ServerResponse, statusCode: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const error = (res: ServerResponse, statusCode: number, name: string, message: string) =>
  send(res, statusCode, { statusCode, name, message });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomUUID().replace(/-/g, '')}`;
  const requests: RecordedRequest[] = [];
  const emails: FakeEmail[] = [];
  const byIdempotencyKey = new Map<string, { bodyHash: string; id: string }>();
  let failures: { statusCode: number; remaining: number } | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    if (req.method !== 'POST' || path !== '/emails') return error(res, 404, 'not_found', 'The requested endpoint does not exist.');

    const authorization = req.headers.authorization;
    if (!authorization) {
      return error(
        res,
        401,
        'missing_api_key',
        'Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.',
      );
    }
    if (authorization !== `Bearer ${apiKey}`) return error(res, 403, 'invalid_api_key', 'API key is invalid');

    if (failures && failures.remaining > 0) {
      failures.remaining -= 1;
      return error(res, failures.statusCode, 'application_error', 'Injected failure from the fake Resend server.');
    }

    if (typeof body !== 'object' || body === null) return error(res, 422, 'validation_error', 'Invalid JSON body.');
    const email = body as Partial<FakeEmail>;
    for (const field of ['from', 'to', 'subject'] as const) {
      if (!email[field]) return error(res, 422, 'validation_error', `Missing \`${field}\` field.`);
    }

    const header = req.headers['idempotency-key'];
    const idempotencyKey = Array.isArray(header) ? header[0] : header;
    if (idempotencyKey !== undefined) {
      if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
        return error(res, 400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
      }
      const bodyHash = createHash('sha256').update(raw).digest('hex');
      const previous = byIdempotencyKey.get(idempotencyKey);
      if (previous) {
        if (previous.bodyHash !== bodyHash) {
          return error(res, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');
        }
        return send(res, 200, { id: previous.id });
      }
      const id = randomUUID();
      byIdempotencyKey.set(idempotencyKey, { bodyHash, id });
      emails.push({ ...(email as FakeEmail), id, idempotencyKey });
      return send(res, 200, { id });
    }
    const id = randomUUID();
    emails.push({ ...(email as FakeEmail), id });
    return send(res, 200, { id });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => error(res, 500, 'application_error', String(err)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    emails,
    failNext(statusCode, count = 1) {
      failures = { statusCode, remaining: count };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
