/** A portal visitor without a browser: follows the link, keeps the session cookie, posts forms with the page's CSRF token. */
import type { Engine } from './engine';

export async function portalLink(engine: Pick<Engine, 'call'>, orgId: string, key: string, returnUrl?: string): Promise<string> {
  const response = await engine.call('POST', `/v1/organizations/${orgId}/portal-sessions`, { key, body: returnUrl ? { returnUrl } : {} });
  if (response.status !== 201) throw new Error(`portal session: ${response.status} ${response.text}`);
  return response.json.url as string;
}

export interface PortalAnswer {
  status: number;
  text: string;
  headers: Headers;
}

export function portalVisitor(engine: Pick<Engine, 'app'>) {
  let cookie = '';
  let csrf = '';
  async function request(path: string, init: RequestInit = {}): Promise<PortalAnswer> {
    const response = await engine.app.request(path, {
      ...init,
      headers: { accept: 'text/html', ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) csrf = token[1];
    return { status: response.status, text, headers: response.headers };
  }
  return {
    /** Opens a portal link (its absolute URL or path) and lands on the first page. */
    async open(url: string) {
      const opened = await request(new URL(url, 'http://x').pathname);
      if (opened.status !== 303) return opened;
      return request(opened.headers.get('location')!);
    },
    get: (path: string) => request(path),
    /** Posts a form as the page would (its CSRF token unless one is given). */
    post: (path: string, fields: Record<string, string>, { token = csrf }: { token?: string } = {}) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields }).toString(),
      }),
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    get csrfToken() {
      return csrf;
    },
  };
}
