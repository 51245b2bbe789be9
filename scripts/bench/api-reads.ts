/**
 * `npm run bench:api`: the portal's reads at a fixed arrival rate (default 300 req/s for 20 s; target p99
 * under 25 ms). Open-loop: requests are sent on schedule whether or not earlier ones answered, so a slow
 * server shows up as latency instead of silently lowering the rate.
 */
import { percentile, seedOrdersWithTopUps, startBenchEngine } from './harness';

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ORGS = Number(process.env.BENCH_ORGS ?? 200);

async function main() {
  const engine = await startBenchEngine();
  try {
    const orgs = await seedOrdersWithTopUps(engine, ORGS);
    const routes = orgs.flatMap((o) => [
      { key: o.key, path: `/v1/organizations/${o.orgId}/billing` },
      { key: o.key, path: `/v1/organizations/${o.orgId}/top-ups/${o.orderId}` },
    ]);
    // Warm-up: first requests pay for connection set-up and key caching.
    for (const route of routes.slice(0, 50))
      await fetch(`${engine.apiUrl}${route.path}`, { headers: { authorization: `Bearer ${route.key}` } });

    const latencies: number[] = [];
    let errors = 0;
    const total = RATE * SECONDS;
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const route = routes[i % routes.length];
      const sent = performance.now();
      inFlight.push(
        fetch(`${engine.apiUrl}${route.path}`, { headers: { authorization: `Bearer ${route.key}` } })
          .then(async (response) => {
            await response.arrayBuffer();
            if (!response.ok) errors++;
            latencies.push(performance.now() - sent);
          })
          .catch(() => void errors++),
      );
    }
    await Promise.all(inFlight);
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    console.log(
      `${latencies.length} requests in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(0)} req/s (target rate ${RATE}), errors ${errors}`,
    );
    console.log(
      `latency p50 ${fmt(percentile(latencies, 50))}, p90 ${fmt(percentile(latencies, 90))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies[latencies.length - 1])}`,
    );
    console.log(`target: p99 under 25 ms at ${RATE} req/s — ${percentile(latencies, 99) < 25 && errors === 0 ? 'met' : 'MISSED'}`);
  } finally {
    await engine.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
