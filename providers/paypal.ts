/**
 * The PayPal SDK client, built once per process from the configuration and shared by the worker's
 * activities (activities/paypal.ts) and the API's webhook verification (api/routes/webhooks.ts).
 */
import { Agent as HttpsAgent, type RequestOptions } from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { Client, Environment } from '@paypal/paypal-server-sdk';
import type { Config } from '../config';

export type PayPalClient = Client;

/**
 * Where the SDK's sockets go when PAYPAL_BASE_URL overrides PayPal's host.
 *
 * The seam, and why this one: @paypal/paypal-server-sdk 2.5 has no base-URL option. `environment` only picks
 * https://api-m.sandbox.paypal.com or https://api-m.paypal.com (`getBaseUri` in its client.ts throws for
 * anything else), and `httpClientOptions.proxySettings` goes through https-proxy-agent, which tunnels with
 * CONNECT and then speaks TLS to PayPal's host name, so a local server would need a certificate for
 * api-m.sandbox.paypal.com. What the SDK does offer, as a stable option, is `httpClientOptions.httpsAgent`:
 * it hands that agent to axios for every request. This agent leaves the request untouched (the SDK still
 * builds PayPal's URL, authenticates with OAuth, sets headers, serialises the body and maps error answers;
 * the Host header still names PayPal's host, which our fake checks) and only opens its sockets to the
 * override: plain TCP for an http:// origin, TLS with that origin's own server name for https://.
 */
class OriginOverrideAgent extends HttpsAgent {
  constructor(private readonly origin: URL) {
    // No keep-alive: a pooled socket to a test server would outlive the server and keep jest alive.
    super({ keepAlive: false });
  }

  override createConnection(_options: RequestOptions, _callback?: (err: Error | null, stream: Duplex) => void): Duplex {
    const host = this.origin.hostname;
    const secure = this.origin.protocol === 'https:';
    const port = Number(this.origin.port || (secure ? 443 : 80));
    return secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
  }
}

export function createPayPalClient(
  config: Pick<Config, 'NODE_ENV' | 'PAYPAL_CLIENT_ID' | 'PAYPAL_CLIENT_SECRET' | 'PAYPAL_ENVIRONMENT' | 'PAYPAL_BASE_URL'>,
): PayPalClient {
  const override = config.PAYPAL_BASE_URL ? new URL(config.PAYPAL_BASE_URL) : undefined;
  if (override && override.protocol !== 'https:' && config.NODE_ENV === 'production') {
    // Plain HTTP would carry the client secret and bearer tokens in the clear.
    throw new Error('PAYPAL_BASE_URL must be an https:// URL in production');
  }
  return new Client({
    clientCredentialsAuthCredentials: { oAuthClientId: config.PAYPAL_CLIENT_ID, oAuthClientSecret: config.PAYPAL_CLIENT_SECRET },
    environment: config.PAYPAL_ENVIRONMENT === 'production' ? Environment.Production : Environment.Sandbox,
    // The SDK's own default is no timeout at all; a hung call would hold the activity until its timeout.
    // Its retries stay off (its default): Temporal retries the activity with the same PayPal-Request-Id.
    // `logging` stays unset, so the SDK logs nothing: its request logs would include credentials.
    timeout: 30_000,
    httpClientOptions: {
      timeout: 30_000,
      retryConfig: { maxNumberOfRetries: 0 },
      ...(override ? { httpsAgent: new OriginOverrideAgent(override) } : {}),
    },
  });
}
