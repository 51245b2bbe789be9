/**
 * A provider's webhook receiver, as an integrator would write it: it verifies every request with the
 * `standardwebhooks` library (the same one the engine signs with) and keeps what it received. It can be
 * taken down (its port closed: connections refused) and brought back on the same port, or made slow.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  body: string;
  payload: { id: string; type: string; orgId: string | null; sequence: number; createdAt: string; data: Record<string, unknown> };
  receivedAt: number;
}

export async function startWebhookReceiver({ delayMs = 0 } = {}) {
  let secret = '';
  let server: Server | undefined;
  let port = 0;
  let delay = delayMs;
  /** Anything but 2xx: the request is verified, then refused (the receiver's own failure). */
  let status = 204;
  let refused = 0;
  const received: Received[] = [];
  /** Requests whose signature did not verify: must stay empty. */
  const rejected: { id?: string; error: string }[] = [];

  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const headers = req.headers as Record<string, string>;
      try {
        const payload = new Webhook(secret).verify(body, headers) as Received['payload'];
        const answer = () => {
          if (status >= 300) {
            refused++;
            res.writeHead(status).end();
            return;
          }
          received.push({ id: headers['webhook-id'], body, payload, receivedAt: Date.now() });
          res.writeHead(204).end();
        };
        if (delay) setTimeout(answer, delay);
        else answer();
      } catch (error) {
        rejected.push({ id: headers['webhook-id'], error: (error as Error).message });
        res.writeHead(400).end();
      }
    });
  };

  async function up() {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  }
  async function down() {
    const closing = server;
    server = undefined;
    if (!closing) return;
    await new Promise<void>((resolve) => {
      closing.closeAllConnections();
      closing.close(() => resolve());
    });
  }
  await up();

  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    rejected,
    setSecret: (value: string) => (secret = value),
    setDelay: (ms: number) => (delay = ms),
    setStatus: (code: number) => (status = code),
    refusedCount: () => refused,
    up,
    down,
    close: down,
  };
}

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
