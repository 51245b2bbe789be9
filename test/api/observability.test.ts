import { Writable } from 'node:stream';
import { createApp } from '../../api/app';
import { createLogger } from '../../config/logger';
import { ADMIN_KEY, engineForThisFile } from '../helpers/engine';

const engine = engineForThisFile({}, { inProcessWorker: false });

/** An app whose logger writes into `lines`, one parsed JSON object per line. */
function observedApp(level: 'debug' | 'info' = 'info') {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ LOG_LEVEL: level }, { service: 'api', destination });
  const app = createApp({ models: engine.models, config: engine.config, temporal: engine.client, logger });
  const request = (path: string, init: RequestInit = {}) => app.request(path, init);
  return { app, raw, lines: () => raw.map((line) => JSON.parse(line)), request };
}

describe('API request logs', () => {
  it('writes one JSON line per request with request id, method, path, route, status, duration and organization', async () => {
    const { orgId, key } = await engine.createOrganization();
    const { request, lines, raw } = observedApp();

    const ok = await request(`/v1/organizations/${orgId}/billing`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    const unauthenticated = await request(`/v1/organizations/${orgId}/billing`, {
      headers: { authorization: 'Bearer sk_org_wrong-key-value' },
    });
    expect(unauthenticated.status).toBe(401);
    const admin = await request(`/v1/organizations/${orgId}/ledger`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(admin.status).toBe(200);

    const logged = lines().filter((line) => line.msg === 'request');
    expect(logged).toHaveLength(3);
    expect(logged[0]).toMatchObject({
      level: 'info',
      service: 'api',
      requestId: ok.headers.get('x-request-id'),
      method: 'GET',
      path: `/v1/organizations/${orgId}/billing`,
      route: '/v1/organizations/:orgId/billing',
      status: 200,
      principal: 'organization',
      orgId,
    });
    expect(typeof logged[0].durationMs).toBe('number');
    expect(new Date(logged[0].time).toISOString()).toBe(logged[0].time);
    expect(logged[1]).toMatchObject({ status: 401 });
    expect(logged[1].principal).toBeUndefined();
    // The admin acts on an organization: the path's orgId names it.
    expect(logged[2]).toMatchObject({ status: 200, principal: 'admin', orgId });

    // Keys and headers never reach the log.
    const everything = raw.join('\n');
    expect(everything).not.toContain(key);
    expect(everything).not.toContain(ADMIN_KEY);
    expect(everything).not.toContain('sk_org_wrong-key-value');
    expect(everything.toLowerCase()).not.toContain('authorization');
  });

  it('logs probes at debug only, and redacts secret-looking fields wherever a line carries them', async () => {
    const { request, lines } = observedApp('info');
    expect((await request('/health')).status).toBe(200);
    expect(lines()).toEqual([]);

    const debug = observedApp('debug');
    await debug.request('/health');
    expect(debug.lines()).toEqual([expect.objectContaining({ level: 'debug', path: '/health', status: 200 })]);

    const chunks: string[] = [];
    const logger = createLogger(
      { LOG_LEVEL: 'info' },
      { service: 'test', destination: new Writable({ write: (c, _e, done) => (chunks.push(c.toString()), done()) }) },
    );
    logger.info({ apiKey: 'sk_org_secret', provider: { clientSecret: 'seti_secret', id: 'seti_1' } }, 'provider call');
    const line = JSON.parse(chunks.join(''));
    expect(line.apiKey).toBe('[redacted]');
    expect(line.provider).toEqual({ clientSecret: '[redacted]', id: 'seti_1' });
  });
});

describe('API metrics', () => {
  it('counts requests and times them per route pattern and status, at GET /metrics', async () => {
    const { orgId, key } = await engine.createOrganization();
    const { request } = observedApp();
    for (let i = 0; i < 3; i++) await request(`/v1/organizations/${orgId}/billing`, { headers: { authorization: `Bearer ${key}` } });
    await request('/v1/no/such/route', { headers: { authorization: `Bearer ${key}` } });

    const response = await request('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('http_requests_total{method="GET",route="/v1/organizations/:orgId/billing",status="200"} 3');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/v1/organizations/:orgId/billing",status="200"} 3');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/v1\/organizations\/:orgId\/billing",status="200"\} \d+/,
    );
    // Ids never become labels: unknown paths are one series.
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).not.toContain(orgId);
    expect(text).toContain('billing_api_process_cpu_seconds_total');
  });
});

describe('health, readiness and docs', () => {
  it('answers /health, /ready (database and Temporal) and a Swagger UI page over /openapi.json', async () => {
    const { request } = observedApp();
    expect(await (await request('/health')).json()).toEqual({ status: 'ok' });
    const ready = await request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });

    const docs = await request('/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    const html = await docs.text();
    // The page loads Swagger UI from the API itself (test/api/docs-and-client.test.ts checks every asset).
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    const init = await (await request('/docs/assets/init.js')).text();
    expect(init).toContain('SwaggerUIBundle');
    expect(init).toContain('/openapi.json');
    expect((await request('/openapi.json')).status).toBe(200);
  });
});
