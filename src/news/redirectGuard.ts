/**
 * Feeds may redirect only to the public internet. A feed's server (or whoever took over its domain)
 * could otherwise send the bot to 127.0.0.2, the cloud metadata service at 169.254.169.254 or [::1]
 * and have an internal page's RSS posted to the channel. A redirect's target is refused when it is
 * not http(s), when its host is a non-public address, and, for a name, when any address it resolves
 * to is non-public: the name is checked as it is connected to, so a second DNS answer cannot differ.
 * A configured URL that is itself local (tests, a feed proxy on the same host) is trusted, with its
 * redirects.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { AxiosInstance } from 'axios';
import { bareHost, isLocalUrl, isPublicAddress } from './publicAddress.js';

function refused(target: string, why: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(
    `redirect to ${target} refused: ${why}; a feed is followed only to public http(s) addresses`,
  );
  error.code = 'ERR_REDIRECT_NOT_PUBLIC';
  return error;
}

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  done: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A connect-time lookup that fails for a name with any non-public address. */
export function publicOnlyLookup(resolve: Resolve = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '');
        return;
      }
      const inner = addresses.find((a) => !isPublicAddress(a.address));
      const [first] = addresses;
      if (inner || !first) {
        callback(
          refused(hostname, `it resolves to ${inner?.address ?? 'no address'}, not a public address`),
          '',
        );
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** What follow-redirects hands to beforeRedirect: the next request's options, already pointed at the target. */
interface RedirectOptions {
  protocol?: string;
  hostname?: string;
  lookup?: LookupFunction;
}

/** Makes `http` follow redirects only to public http(s) addresses, unless `configuredUrl` is local. */
export function followPublicRedirectsOnly(
  http: AxiosInstance,
  configuredUrl: string,
  resolve: Resolve = dnsLookup,
): AxiosInstance {
  if (isLocalUrl(configuredUrl)) return http;
  const lookup = publicOnlyLookup(resolve);
  http.defaults.beforeRedirect = (options: RedirectOptions) => {
    const host = bareHost(options.hostname ?? '');
    if (options.protocol !== 'http:' && options.protocol !== 'https:')
      throw refused(`${options.protocol ?? '?'}//${host}`, 'not http or https');
    if (isIP(host) !== 0 && !isPublicAddress(host)) throw refused(host, 'not a public address');
    // A name is checked as it is connected to (and every later hop inherits the check).
    options.lookup = lookup;
  };
  return http;
}
