/**
 * `npm run bench:webhooks`: 10,000 events (BENCH_EVENTS) delivered to one endpoint, then to ten
 * (BENCH_ENDPOINTS=1,10); reports events/s (each event received by every endpoint), deliveries/s, the
 * end-to-end latency from the fact (the event's creation) to its receipt, p50 and p99, what it cost in
 * Temporal (signals and activities of the delivery workflows) and the machine's load average. Events are
 * recorded as the worker's activities record them (the event recorder, 64 at a time over 100
 * organizations); every receiver verifies every signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Webhook } from 'standardwebhooks';
import { createEventRecorder } from '../../activities/events';
import { loadConfig } from '../../config';
import { webhookDeliveryWorkflowId } from '../../workflows/webhook-delivery-definitions';
import { BENCH_ADMIN_KEY, http, inParallel, percentile, startBenchEngine } from './harness';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const ENDPOINTS = (process.env.BENCH_ENDPOINTS ?? '1,10').split(',').map(Number);
const ORGS = 100;
const DEADLINE_MS = 900_000;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** Signals and activities of an endpoint's delivery workflow, over its continued-as-new runs. */
async function temporalCost(engine: Awaited<ReturnType<typeof startBenchEngine>>, endpointId: string) {
  let signals = 0;
  let activities = 0;
  let runs = 0;
  for await (const run of engine.client.workflow.list({ query: `WorkflowId = '${webhookDeliveryWorkflowId(endpointId)}'` })) {
    const { events } = await engine.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    signals += events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length;
    activities += events!.filter((e) => e.activityTaskScheduledEventAttributes).length;
    runs++;
  }
  return { signals, activities, runs };
}

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
  const loads = [load()];
  const sampling = setInterval(() => loads.push(load()), 30_000);
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
  const deadline = started + DEADLINE_MS;
  while (receivers.some((r) => r.ids.size < EVENTS)) {
    if (Date.now() > deadline) {
      throw new Error(`not all delivered after ${DEADLINE_MS / 1000} s: ${receivers.map((r) => r.ids.size).join(', ')} (load ${load()})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const totalMs = Date.now() - started;
  clearInterval(sampling);
  loads.push(load());
  const costs = await Promise.all(ids.map((id) => temporalCost(engine, id)));
  const sum = (pick: (c: (typeof costs)[number]) => number) => costs.reduce((acc, c) => acc + pick(c), 0);
  const latencies = receivers.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const invalid = receivers.reduce((sum, r) => sum + r.invalid, 0);
  console.log(
    [
      `${EVENTS} events to ${endpoints} endpoint(s): recorded in ${(recordedMs / 1000).toFixed(1)} s, all received after ${(totalMs / 1000).toFixed(1)} s`,
      `  ${((EVENTS / totalMs) * 1000).toFixed(0)} events/s, ${(((EVENTS * endpoints) / totalMs) * 1000).toFixed(0)} deliveries/s`,
      `  fact → receipt: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`,
      `  signatures that failed verification: ${invalid}`,
      `  Temporal: ${sum((c) => c.signals)} signals, ${sum((c) => c.activities)} delivery activities over ${sum((c) => c.runs)} runs ` +
        `(${(
          (EVENTS * endpoints) /
            Math.max(
              sum((c) => c.activities),
              1,
            )
        ).toFixed(1)} deliveries per activity)`,
      `  load average (1, 5, 15 min) sampled every 30 s: ${loads.join(' | ')}`,
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
    for (const [run, endpoints] of ENDPOINTS.entries()) await scenario(engine, endpoints, run + 1);
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
