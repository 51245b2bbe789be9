import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';

/**
 * Swagger UI served from the swagger-ui-dist package, not from a CDN: the page works on a machine that
 * reaches only this API (an air-gapped ops network, CI). Assets are read once, at start-up.
 */
const ASSETS = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
} as const;

const page = (docsPath: string, specUrl: string, title: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    <link rel="stylesheet" href="${docsPath}/assets/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${docsPath}/assets/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${docsPath}/assets/swagger-ui-bundle.js"></script>
    <script src="${docsPath}/assets/swagger-ui-standalone-preset.js"></script>
    <script src="${docsPath}/assets/init.js"></script>
  </body>
</html>
`;

// biome-ignore lint/suspicious/noExplicitAny: any Hono app (the OpenAPI app's environment type does not matter here)
export function serveDocs(app: Hono<any>, { docsPath, specUrl, title }: { docsPath: string; specUrl: string; title: string }) {
  // The package's directory, without loading its 1 MB bundle into this process.
  const root = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files = new Map(Object.entries(ASSETS).map(([name, type]) => [name, { body: readFileSync(join(root, name)), type }]));
  // The initializer is a file of its own rather than an inline script, so a strict Content-Security-Policy can allow 'self' only.
  const init = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(specUrl)}, dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });\n`;
  files.set('init.js', { body: Buffer.from(init), type: 'text/javascript; charset=utf-8' });
  const html = page(docsPath, specUrl, title);
  app.get(docsPath, (c) => c.html(html));
  app.get(`${docsPath}/assets/:name`, (c) => {
    const file = files.get(c.req.param('name'));
    if (!file) return c.json({ error: { code: 'not_found', message: 'no such asset' } }, 404);
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type, 'cache-control': 'public, max-age=3600' });
  });
}
