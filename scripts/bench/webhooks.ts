/**
 * `npm run bench:webhooks`: 10,000 events (BENCH_EVENTS) delivered to one endpoint, then to ten; reports
 * events/s (each event received by every endpoint), deliveries/s and the end-to-end latency from the fact
 * (the event's creation) to its receipt, p50 and p99. Events are recorded as the worker's activities record
 * them (the event recorder, 64 at a time over 100 organizations); every receiver verifies every signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { createEventRecorder } from '../../activities/events';
import { loadConfig } from '../../config';
import { BENCH_ADMIN_KEY, http, inParallel, percentile, startBenchEngine } from './harness';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ORGS = 100;

interface Receiver {
  url: string;
  secret: string;
  latencies: number[];
  invalid: number;
  ids: Set<string>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver = { secret: '', latencies: [] as number[], invalid: 0, ids: new Set<string>() } as Receiver;
  let webhook: Webhook | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        webhook ??= new Webhook(receiver.secret);
        const payload = webhook.verify(Buffer.concat(chunks).toString(), req.headers as Record<string, string>) as {
          id: string;
          createdAt: string;
        };
        if (!receiver.ids.has(payload.id)) receiver.latencies.push(Date.now() - Date.parse(payload.createdAt));
        receiver.ids.add(payload.id);
        res.writeHead(204).end();
      } catch {
        receiver.invalid++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return receiver;
}

async function scenario(engine: Awaited<ReturnType<typeof startBenchEngine>>, endpoints: number, run: number) {
  const receivers = await Promise.all(Array.from({ length: endpoints }, startReceiver));
  const ids: string[] = [];
  for (const receiver of receivers) {
    const created = await http(engine.apiUrl, 'POST', '/v1/admin/webhook-endpoints', {
      key: BENCH_ADMIN_KEY,
      body: JSON.stringify({ url: receiver.url }),
    });
    receiver.secret = created.secret;
    ids.push(created.endpoint.id);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_500)); // the recorders' endpoint directory cache

  const recorder = createEventRecorder({ models: engine.models, config: loadConfig(engine.env), temporal: engine.client });
  const started = Date.now();
  await inParallel(
    Array.from({ length: EVENTS }, (_, i) => i),
    64,
    (i) =>
      recorder.recordEvent({
        key: `bench:${run}:${i}`,
        type: 'balance.low',
        orgId: `org_bench_${i % ORGS}`,
        data: { balance: { amountMinor: i, currency: 'EUR' } },
      }),
  );
  const recordedMs = Date.now() - started;
  const deadline = started + 900_000;
  while (receivers.some((r) => r.ids.size < EVENTS)) {
    if (Date.now() > deadline) throw new Error(`not all delivered after 900 s: ${receivers.map((r) => r.ids.size).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const totalMs = Date.now() - started;
  const latencies = receivers.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const invalid = receivers.reduce((sum, r) => sum + r.invalid, 0);
  console.log(
    [
      `${EVENTS} events to ${endpoints} endpoint(s): recorded in ${(recordedMs / 1000).toFixed(1)} s, all received after ${(totalMs / 1000).toFixed(1)} s`,
      `  ${((EVENTS / totalMs) * 1000).toFixed(0)} events/s, ${(((EVENTS * endpoints) / totalMs) * 1000).toFixed(0)} deliveries/s`,
      `  fact → receipt: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
      `  signatures that failed verification: ${invalid}`,
    ].join('\n'),
  );
  for (const id of ids) {
    const removed = await fetch(`${engine.apiUrl}/v1/admin/webhook-endpoints/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}` },
    });
    if (removed.status !== 204) throw new Error(`removing endpoint ${id}: ${removed.status}`);
  }
  await Promise.all(receivers.map((r) => r.close()));
}

async function main() {
  const engine = await startBenchEngine();
  try {
    await scenario(engine, 1, 1);
    await scenario(engine, 10, 2);
  } finally {
    await engine.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
