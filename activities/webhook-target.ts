import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * SSRF guard for webhook targets: an admin's URL must not make the engine call itself, the cloud's metadata
 * service or the private network. Only public unicast addresses pass unless private targets are allowed
 * (development, tests). Checked where the connection is made (the socket's DNS lookup), so a name that
 * resolves to a public address when the endpoint is saved and to a private one later is still refused.
 */
export class ForbiddenTargetError extends Error {}

export const isPublicAddress = (address: string) => ipaddr.isValid(address) && ipaddr.process(address).range() === 'unicast';

/** A URL an endpoint may have: http(s), no credentials, and (unless allowed) not a literal private address. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate) return undefined;
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at a loopback address';
  if (ipaddr.isValid(host) && !isPublicAddress(host)) return `must not point at a ${ipaddr.process(host).range()} address`;
  return undefined;
}

/** A socket lookup that refuses non-public addresses (passed to http.request as `lookup`). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const refused = allowPrivate ? undefined : list.find((a) => !isPublicAddress(a.address));
      if (refused) return callback(new ForbiddenTargetError(`${hostname} resolves to ${refused.address}, not a public address`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
