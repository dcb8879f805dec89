/**
 * Where outbound webhooks may go. A URL an app registers is a request Tollgate makes from inside
 * its network, so it must never reach a private, loopback, link-local or metadata address
 * (SSRF). The URL is checked when it is registered, and the addresses its host resolves to are
 * checked again before every delivery (DNS can change; the request then goes to the address that
 * was checked). In AWS only https is allowed; the local stack also allows http to loopback, so a
 * receiver on the developer's machine works.
 */
export interface AddressPolicy {
  /** http:// (and https://) to loopback hosts: the local stack only. */
  allowLoopback: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);
/** Names of instance metadata services and other internal-only hosts. */
const FORBIDDEN_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'instance-data',
  'instance-data.ec2.internal',
]);

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

const V4_RANGES: [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared address space'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (instance metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4Reason(ip: string): string | undefined {
  const n = ipv4ToInt(ip);
  if (n === undefined) return 'not an address';
  for (const [base, bits, why] of V4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((n & mask) >>> 0 === (ipv4ToInt(base)! & mask) >>> 0) return why;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included), or undefined. */
export function ipv6Groups(ip: string): number[] | undefined {
  let s = ip.toLowerCase();
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: number[] = [];
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const n = ipv4ToInt(v4[1]);
    if (n === undefined) return undefined;
    tail = [n >>> 16, n & 0xffff];
    s = s.slice(0, -v4[1].length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string) =>
    h === '' ? [] : h.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : Number.NaN));
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - rest.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? fill : 0).fill(0), ...rest, ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g)) ? groups : undefined;
}

function v6Reason(ip: string, policy: AddressPolicy): string | undefined {
  const g = ipv6Groups(ip);
  if (!g) return 'not an address';
  const embeddedV4 = () => `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0))
    return addressReason(embeddedV4(), policy);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return addressReason(embeddedV4(), policy);
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique local (private; includes the instance metadata address fd00:ec2::254)';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  if (g[0] === 0x2002) return addressReason(`${g[1] >> 8}.${g[1] & 255}.${g[2] >> 8}.${g[2] & 255}`, policy);
  return undefined;
}

export const isIpv4 = (s: string) => ipv4ToInt(s) !== undefined;
export const isIpv6 = (s: string) => s.includes(':') && ipv6Groups(s) !== undefined;

/** Why a resolved address may not be delivered to, or undefined when it may. */
export function addressReason(ip: string, policy: AddressPolicy): string | undefined {
  const why = isIpv4(ip) ? v4Reason(ip) : v6Reason(ip, policy);
  if (why === 'loopback' && policy.allowLoopback) return undefined;
  return why;
}

const isLoopbackHost = (host: string) =>
  LOOPBACK_NAMES.has(host) ||
  (isIpv4(host) && host.startsWith('127.')) ||
  (isIpv6(host) && v6Reason(host, { allowLoopback: false }) === 'loopback');

/** The host of a URL without IPv6 brackets or a trailing dot, lower case. */
export const hostOf = (u: URL) =>
  u.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** Checks a URL an app registers; answers the problem, or undefined when it is acceptable. */
export function urlProblem(raw: string, policy: AddressPolicy): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (u.username || u.password) return 'must not carry credentials';
  const host = hostOf(u);
  if (!host) return 'has no host';
  const loopback = isLoopbackHost(host);
  if (u.protocol === 'http:') {
    if (!(policy.allowLoopback && loopback))
      return policy.allowLoopback ? 'must use https (http is allowed for localhost only)' : 'must use https';
  } else if (u.protocol !== 'https:') return 'must use https';
  if (FORBIDDEN_NAMES.has(host) || host.endsWith('.internal') || host.endsWith('.local'))
    return `must not point at an internal host (${host})`;
  if (loopback && !policy.allowLoopback) return 'must not point at a loopback address';
  if (isIpv4(host) || isIpv6(host)) {
    const why = addressReason(host, policy);
    if (why) return `must not point at a ${why} address`;
  }
  return undefined;
}
