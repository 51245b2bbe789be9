/**
 * A real PayPal SDK error holds the request it failed on, bearer token included; logged through the engine's
 * logger (pino with safeError), nothing of it but the status and message reaches the log line.
 */
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { ApiError, VaultController } from '@paypal/paypal-server-sdk';
import { createLogger } from '../../config/logger';
import { safeError } from '../../config/safe-error';
import { createPayPalClient } from '../../providers/paypal';
import { startFakePayPal, type FakePayPal } from '../fakes/paypal';
import { providerConfig, stripeMock } from '../helpers/payment-providers';

let paypal: FakePayPal;
beforeAll(async () => {
  paypal = await startFakePayPal();
});
afterAll(async () => {
  await paypal.close();
});

async function realPayPalError(): Promise<ApiError> {
  const vault = new VaultController(createPayPalClient(providerConfig(paypal, stripeMock())));
  paypal.failNext({ method: 'GET', path: '/v3/vault/setup-tokens' }, 500);
  const error = await vault.getSetupToken('5C991763VB2781612').then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

it('the SDK error really carries the bearer token (what made this dangerous)', async () => {
  const error = await realPayPalError();
  expect(inspect(error, { depth: 6 })).toMatch(/Bearer [A-Za-z0-9._-]{8,}/);
});

it('the logger writes only safe fields of it', async () => {
  const error = await realPayPalError();
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ LOG_LEVEL: 'info' }, { service: 'test', destination: destination as never });
  logger.error({ err: error }, 'activity failed');
  logger.warn({ error }, 'temporal runtime');
  const output = lines.join('');
  expect(output).not.toMatch(/Bearer [A-Za-z0-9]/);
  expect(output).not.toMatch(/authorization/i);
  expect(output).not.toContain(paypal.clientSecret);
  expect(JSON.parse(lines[0]).err).toMatchObject({ statusCode: 500, message: expect.any(String) });
});

it('scrubs credentials that reach a message', () => {
  const scrubbed = safeError(new Error('call failed with Authorization: Bearer A21AAFk3xyz.secret and sk_live_abc123'));
  expect(scrubbed.message).toBe('call failed with Authorization: Bearer [redacted] and [redacted]');
});
