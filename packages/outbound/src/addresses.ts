import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (injected in tests). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;

export const resolveWithDns: Resolve = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export interface EndpointPolicy {
  /** Local development only (`HUB_ALLOW_LOOPBACK_WEBHOOKS=1`): loopback addresses, over http or https, are allowed. Nothing else is. */
  allowLoopback: boolean;
  resolve?: Resolve;
}

/** A URL the hub will not call; the message says why, for a 400, a delivery record or a failed run. */
export class UnsafeEndpointError extends Error {
  override name = 'UnsafeEndpointError';
}

/** A URL that passed the checks, with the addresses to connect to (connect to these, never resolve again). */
export interface CheckedEndpoint {
  url: URL;
  addresses: ResolvedAddress[];
}

/** How a refusal names what was refused: webhooks by default, or another kind of outbound call. */
export interface EndpointWording {
  /** "Webhook URLs": the subject of "… must use https". */
  urls: string;
  /** Why a non-public address is refused: "webhooks are only sent to public internet addresses". */
  publicOnly: string;
  /** What to do instead of putting credentials in the URL. */
  noCredentials: string;
}

export const WEBHOOK_WORDING: EndpointWording = {
  urls: 'Webhook URLs',
  publicOnly: 'webhooks are only sent to public internet addresses',
  noCredentials: 'authenticate the hub by its signature instead',
};

/**
 * Checks a webhook URL before subscribing and again before every delivery: https only (http
 * only to loopback when the local flag is set), no credentials in the URL, and the host resolved
 * with EVERY address checked, so a name with one public and one private address is refused.
 * Only ipaddr.js's "unicast" range passes: loopback, private, link-local (169.254.169.254, the
 * cloud metadata address), unique-local, carrier-grade NAT, multicast, reserved, unspecified and
 * the IPv6 transition ranges (6to4, Teredo, NAT64, IPv4-translated, IPv4-compatible) that can
 * carry a private IPv4 are refused, naming the IPv4 they carry. An IPv4-mapped IPv6 address is
 * judged as the IPv4 address it carries.
 */
export function checkWebhookUrl(raw: string, policy: EndpointPolicy): Promise<CheckedEndpoint> {
  return checkOutboundUrl(raw, policy, WEBHOOK_WORDING);
}

/** The same checks for any outbound call (a council's web service…), its refusals worded for it. */
export async function checkOutboundUrl(raw: string, policy: EndpointPolicy, wording: EndpointWording): Promise<CheckedEndpoint> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeEndpointError(`${JSON.stringify(raw)} is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UnsafeEndpointError(`${wording.urls} must use https, not ${url.protocol.replace(':', '')}.`);
  if (url.username || url.password)
    throw new UnsafeEndpointError(`${wording.urls} must not carry a user name or password; ${wording.noCredentials}.`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = ipaddr.isValid(host) ? [literal(host)] : await resolveHost(host, policy.resolve ?? resolveWithDns);
  for (const { address } of addresses) {
    const range = rangeOf(address);
    if (range === 'unicast') continue;
    if (range === 'loopback' && policy.allowLoopback) continue;
    throw new UnsafeEndpointError(
      `${url.hostname} ${address === host ? 'is' : `resolves to ${address}, which is`} ${describeRange(range)} address${carrying(address, range)}; ${wording.publicOnly}.`,
    );
  }
  if (url.protocol === 'http:') {
    const allLoopback = addresses.every(({ address }) => rangeOf(address) === 'loopback');
    if (!(policy.allowLoopback && allLoopback))
      throw new UnsafeEndpointError(`${wording.urls} must use https (http is allowed only to loopback in local development).`);
  }
  return { url, addresses };
}

function literal(host: string): ResolvedAddress {
  return { address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 };
}

async function resolveHost(host: string, resolve: Resolve): Promise<ResolvedAddress[]> {
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    throw new UnsafeEndpointError(`${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  if (addresses.length === 0) throw new UnsafeEndpointError(`${host} has no addresses.`);
  return addresses;
}

/**
 * ::/96, the "IPv4-compatible" IPv6 addresses (deprecated by RFC 4291 §2.5.5.1): ipaddr.js has no
 * range for them and calls them unicast, so `::127.0.0.1` (written by URL parsers as `::7f00:1`)
 * would pass as a public address. Named here, in ipaddr.js's own range style, so they are refused.
 */
const IPV4_COMPATIBLE = { ipv4Compatible: ipaddr.IPv6.parseCIDR('::/96') };

/** The ipaddr.js range of an address, IPv4-mapped IPv6 judged as its IPv4 address. */
export function rangeOf(address: string): string {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (parsed.kind() === 'ipv6' && range === 'unicast') return ipaddr.subnetMatch(parsed, IPV4_COMPATIBLE, range);
  return range;
}

/** Where each IPv6 form that carries an IPv4 address keeps it: its bytes, from the address's 16. */
const CARRIED_IPV4: Record<string, (bytes: number[]) => number[] | undefined> = {
  ipv4Compatible: (bytes) => bytes.slice(12),
  rfc6145: (bytes) => bytes.slice(12),
  // The well-known NAT64 prefix 64:ff9b::/96 ends with the IPv4; the local-use /48 spreads it out (RFC 6052 §2.2).
  rfc6052: (bytes) => (bytes.slice(4, 12).every((byte) => byte === 0) ? bytes.slice(12) : undefined),
  '6to4': (bytes) => bytes.slice(2, 6),
};

/** For an address of a transition range: the IPv4 it carries, and what that is when it is not public. */
function carrying(address: string, range: string): string {
  const bytes = CARRIED_IPV4[range]?.(ipaddr.parse(address).toByteArray());
  if (!bytes) return '';
  const ipv4 = new ipaddr.IPv4(bytes);
  const inner = ipv4.range();
  return ` carrying ${ipv4.toString()}${inner === 'unicast' ? '' : `, ${describeRange(inner)} address`}`;
}

/** A range's name, with its article: "a loopback", "an unspecified". */
function describeRange(range: string): string {
  const names: Record<string, string> = {
    loopback: 'a loopback',
    private: 'a private-network',
    linkLocal: 'a link-local (this includes the cloud metadata service)',
    uniqueLocal: 'a unique-local',
    carrierGradeNat: 'a carrier-grade NAT',
    unspecified: 'an unspecified',
    multicast: 'a multicast',
    broadcast: 'a broadcast',
    reserved: 'a reserved',
    ipv4Compatible: 'a deprecated IPv4-compatible IPv6',
  };
  return names[range] ?? `a non-public (${range})`;
}
