/**
 * `npm run bench:api`: the portal's reads at a fixed arrival rate (default 300 req/s for 20 s; target p99
 * under 25 ms): the JSON reads (billing overview, a top-up) and the customer portal's Prepaid balance page
 * (HTML, through a portal session cookie). Open-loop: requests are sent on schedule whether or not earlier
 * ones answered, so a slow server shows up as latency instead of silently lowering the rate. Prints the
 * percentiles per kind of read and the slowest seconds, to show where a tail comes from.
 *
 * `npm run bench:api` runs this load generator with `--single-threaded-gc`, as the engine runs its API on a
 * 2-core machine (scripts/servers.ts, apiNodeFlags): the generator shares the cores, and its own parallel GC
 * bursts otherwise delay the answers it times.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { inParallel, percentile, startBenchEngine } from './harness';
import { seedOrdersWithTopUps } from './seed';

const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ORGS = Number(process.env.BENCH_ORGS ?? 200);
/** Seconds at the rate before the timed run (BENCH_WARMUP_SECONDS=0 times a cold server, as before 2026-12-03). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
/** BENCH_API_JSON_ONLY=1 leaves the portal page out: the mix measured before the portal existed. */
const JSON_ONLY = process.env.BENCH_API_JSON_ONLY === '1';
/**
 * BENCH_API_CLIENT=fetch sends the timed requests with fetch, as before 2026-12-03: on this machine fetch
 * cost the load generator about 1.6 ms of CPU per request, a quarter of a core at 300 req/s taken from the
 * server it measures; undici's Pool (what fetch is built on, without its web streams) costs less.
 */
const CLIENT = process.env.BENCH_API_CLIENT ?? 'undici';

async function main() {
  const engine = await startBenchEngine();
  try {
    const orgs = await seedOrdersWithTopUps(engine, ORGS);
    // One at a time: seeding is not what is measured, and a burst of link openings only adds noise.
    const sessions: string[] = [];
    for (const o of orgs) sessions.push(await portalCookie(engine.apiUrl, o.orgId, o.key));
    type Read = { kind: string; headers: Record<string, string>; path: string };
    const routes = orgs
      .flatMap((o, i): Read[] => [
        { kind: 'billing', headers: { authorization: `Bearer ${o.key}` }, path: `/v1/organizations/${o.orgId}/billing` },
        { kind: 'top-up', headers: { authorization: `Bearer ${o.key}` }, path: `/v1/organizations/${o.orgId}/top-ups/${o.orderId}` },
        { kind: 'portal balance page', headers: { cookie: sessions[i] }, path: '/portal/balance' },
      ])
      .filter((read) => !JSON_ONLY || read.kind !== 'portal balance page');
    // Warm-up, every read once: a process's first read of an organization pays for what it then remembers (the
    // key, the ledger head, the open-order list), once per process. That cost is printed on its own line,
    // so the timed run shows the steady state and the cold reads are not hidden either.
    const cold: number[] = [];
    await inParallel(routes, 8, async (route) => {
      const sent = performance.now();
      await (await fetch(`${engine.apiUrl}${route.path}`, { headers: route.headers })).arrayBuffer();
      cold.push(performance.now() - sent);
    });
    cold.sort((a, b) => a - b);
    console.log(
      `warm-up, each of ${routes.length} reads once (8 at a time): p50 ${percentile(cold, 50).toFixed(1)} ms, p99 ${percentile(cold, 99).toFixed(1)} ms`,
    );

    // What each process spent during the timed run (the load generator included: it shares the cores), and
    // the API's event-loop lag and GC over the run, from its /metrics (prom-client resets the lag on a scrape).
    const pool = new Pool(engine.apiUrl, { connections: 128 });
    /** One read, answered and its body consumed; its HTTP status. */
    const send = async (route: Read): Promise<number> => {
      if (CLIENT === 'fetch') {
        const response = await fetch(`${engine.apiUrl}${route.path}`, { headers: route.headers });
        await response.arrayBuffer();
        return response.status;
      }
      const { statusCode, body } = await pool.request({ method: 'GET', path: route.path, headers: route.headers });
      await body.arrayBuffer();
      return statusCode;
    };
    /** Sends `seconds` of reads at RATE on schedule; every answer's latency, by kind and by second sent. */
    async function atRate(seconds: number) {
      const latencies: number[] = [];
      const byKind = new Map<string, number[]>();
      const bySecond = new Map<number, number[]>();
      const errorKinds = new Map<string, number>();
      const countError = (kind: string) => void errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
      const total = RATE * seconds;
      const start = performance.now();
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        const route = routes[i % routes.length];
        const sent = performance.now();
        inFlight.push(
          send(route)
            .then((status) => {
              if (status >= 400) countError(`HTTP ${status}`);
              const ms = performance.now() - sent;
              latencies.push(ms);
              if (!byKind.has(route.kind)) byKind.set(route.kind, []);
              byKind.get(route.kind)!.push(ms);
              const second = Math.floor((sent - start) / 1000);
              if (!bySecond.has(second)) bySecond.set(second, []);
              bySecond.get(second)!.push(ms);
            })
            .catch((error: Error) => countError(`${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}`)),
        );
      }
      await Promise.all(inFlight);
      latencies.sort((a, b) => a - b);
      return { latencies, byKind, bySecond, errorKinds, elapsed: (performance.now() - start) / 1000 };
    }

    const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
    // Warm-up at the rate itself: a process just started (this one included) compiles its hot paths and
    // grows its heap and connection pools in its first seconds at load, which a server in service has long
    // done. Those seconds are printed on their own line, not hidden, and not mixed into the steady state.
    if (WARMUP_SECONDS > 0) {
      const warm = await atRate(WARMUP_SECONDS);
      console.log(
        `warm-up at ${RATE} req/s for ${WARMUP_SECONDS} s: p50 ${fmt(percentile(warm.latencies, 50))}, p99 ${fmt(percentile(warm.latencies, 99))}, max ${fmt(warm.latencies[warm.latencies.length - 1])}`,
      );
    }
    const cpuBefore = cpuTimes(engine.processes);
    const runtimeBefore = await apiMetrics(engine.apiUrl);
    const { latencies, byKind, bySecond, errorKinds, elapsed } = await atRate(SECONDS);
    await pool.close();
    const runtime = apiMetrics(engine.apiUrl);
    const cpuAfter = cpuTimes(engine.processes);
    const errors = [...errorKinds.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `${latencies.length} requests in ${elapsed.toFixed(1)} s = ${(latencies.length / elapsed).toFixed(0)} req/s (target rate ${RATE}, sent with ${CLIENT}), errors ${errors}`,
    );
    console.log(
      `latency p50 ${fmt(percentile(latencies, 50))}, p90 ${fmt(percentile(latencies, 90))}, p99 ${fmt(percentile(latencies, 99))}, max ${fmt(latencies[latencies.length - 1])}`,
    );
    if (errors) console.log(`  errors: ${[...errorKinds].map(([kind, n]) => `${n} × ${kind}`).join(', ')}`);
    for (const [kind, values] of byKind) {
      values.sort((a, b) => a - b);
      console.log(`  ${kind.padEnd(20)} n=${values.length} p50 ${fmt(percentile(values, 50))}, p99 ${fmt(percentile(values, 99))}`);
    }
    // Where the tail sits in time: a few slow seconds (GC, a cache expiring for all at once, the worker's
    // load on FerretDB) look different from a uniformly slow server.
    const seconds = [...bySecond].map(([second, values]) => ({
      second,
      p99: percentile(
        values.sort((a, b) => a - b),
        99,
      ),
    }));
    const slowest = [...seconds].sort((a, b) => b.p99 - a.p99).slice(0, 5);
    console.log(`  slowest seconds (p99): ${slowest.map((s) => `t=${s.second}s ${fmt(s.p99)}`).join(', ')}`);
    const cpu = [...cpuAfter].map(([name, ms]) => {
      const spent = ms - (cpuBefore.get(name) ?? 0);
      return `${name} ${((spent * 1000) / latencies.length).toFixed(0)} µs/req (${(spent / 10 / elapsed).toFixed(0)}% of a core)`;
    });
    console.log(`  CPU during the run: ${cpu.join(', ')}`);
    const { lag, gc: gcAfter } = await runtime;
    const gc = { ms: gcAfter.ms - runtimeBefore.gc.ms, count: gcAfter.count - runtimeBefore.gc.count };
    console.log(
      `  API event loop lag p50 ${fmt(lag.p50)}, p99 ${fmt(lag.p99)}, max ${fmt(lag.max)}; GC ${gc.ms.toFixed(0)} ms in ${gc.count} pauses (${(gc.ms / 10 / elapsed).toFixed(1)}% of the run)`,
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

/**
 * CPU time (user + system, ms) of each engine process and of this process, the load generator. Linux
 * /proc, whose clock ticks are 100 per second on the kernels we run (`getconf CLK_TCK`).
 */
function cpuTimes(processes: { name: string; pid: number }[]): Map<string, number> {
  const times = new Map<string, number>();
  for (const { name, pid } of processes) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(name, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // not on Linux, or the process is gone: left out
    }
  }
  const own = process.cpuUsage();
  times.set('load generator', (own.user + own.system) / 1000);
  return times;
}

/** The API's event-loop lag since the last scrape (ms) and its GC pauses since it started, from GET /metrics. */
async function apiMetrics(apiUrl: string) {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^billing_api_${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  const sum = (name: string) =>
    [...text.matchAll(new RegExp(`^billing_api_${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((total, m) => total + Number(m[1]), 0);
  return {
    lag: {
      p50: value('nodejs_eventloop_lag_p50_seconds') * 1000,
      p99: value('nodejs_eventloop_lag_p99_seconds') * 1000,
      max: value('nodejs_eventloop_lag_max_seconds') * 1000,
    },
    gc: { ms: sum('nodejs_gc_duration_seconds_sum') * 1000, count: sum('nodejs_gc_duration_seconds_count') },
  };
}

/** A customer portal session, as a browser gets it: the link's one visit sets the cookie. */
async function portalCookie(apiUrl: string, orgId: string, key: string): Promise<string> {
  const created = await fetch(`${apiUrl}/v1/organizations/${orgId}/portal-sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: '{}',
  });
  const { url } = (await created.json()) as { url: string };
  const opened = await fetch(`${apiUrl}${new URL(url).pathname}`, { redirect: 'manual' });
  const cookie = opened.headers.get('set-cookie');
  if (!cookie) throw new Error(`portal link for ${orgId}: ${opened.status}`);
  return cookie.split(';')[0];
}
