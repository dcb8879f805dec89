import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { addressReason, ipv6Groups, urlProblem } from '#shared/domain/outbound/address-policy';
import { EVENT_PATTERN, matchesEventType } from '#shared/domain/outbound/event-types';
import { DEFAULT_RETRY_POLICY, nextAttemptAt, retryDelaySeconds } from '#shared/domain/outbound/retry-schedule';
import { parseSignatureHeader, signatureHeader, signPayload, verifySignature } from '#shared/domain/outbound/signing';
import { LAST_EVENT_ID, seqAt } from '#shared/domain/outbound/stream';

const AWS = { allowLoopback: false };
const LOCAL = { allowLoopback: true };

describe('the outbound signature', () => {
  it("is Stripe's scheme: t and an HMAC-SHA256 of '<t>.<body>', checked within the tolerance", () => {
    // Prepare
    const body = '{"id":"evt_1","type":"invoice.paid"}';
    // Act
    const header = signatureHeader(['whsec_a'], 1_700_000_000, body);
    // Assess
    expect(header).toBe(`t=1700000000,v1=${signPayload('whsec_a', 1_700_000_000, body)}`);
    expect(verifySignature(body, header, 'whsec_a', 1_700_000_100)).toBe(true);
    expect(verifySignature(body, header, 'whsec_b', 1_700_000_100)).toBe(false);
    expect(verifySignature(`${body} `, header, 'whsec_a', 1_700_000_100)).toBe(false);
    expect(verifySignature(body, header, 'whsec_a', 1_700_000_301)).toBe(false);
    expect(verifySignature(body, 'v1=abc', 'whsec_a', 1_700_000_000)).toBe(false);
  });

  it('carries one v1 per valid secret, and each verifies', () => {
    // Act
    const header = signatureHeader(['whsec_new', 'whsec_old'], 10, 'x');
    // Assess
    expect(parseSignatureHeader(header)!.signatures).toHaveLength(2);
    expect(verifySignature('x', header, 'whsec_old', 10)).toBe(true);
    expect(verifySignature('x', header, 'whsec_new', 10)).toBe(true);
  });
});

describe('event subscriptions', () => {
  it('match exact types, families and everything', () => {
    expect(matchesEventType(['*'], 'usage.aggregated')).toBe(true);
    expect(matchesEventType(['subscription.*'], 'subscription.plan_changed')).toBe(true);
    expect(matchesEventType(['subscription.*'], 'subscriptions.x')).toBe(false);
    expect(matchesEventType(['invoice.paid'], 'invoice.paid_out_of_band')).toBe(false);
    expect(matchesEventType(['invoice.paid', 'usage.*'], 'usage.threshold_reached')).toBe(true);
  });

  it('accept only well-formed patterns', () => {
    for (const ok of ['*', 'invoice.*', 'invoice.paid', 'usage.threshold_reached'])
      expect(EVENT_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '**', 'invoice', 'invoice.', '*.paid', 'Invoice.paid', 'a.*.b'])
      expect(EVENT_PATTERN.test(bad)).toBe(false);
  });
});

describe('where webhooks may go', () => {
  it('refuses private, loopback, link-local, metadata and other reserved addresses', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::169.254.169.254',
      '2002:a9fe:a9fe::1',
    ]) {
      expect(addressReason(ip, AWS), ip).toBeDefined();
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(addressReason(ip, AWS), ip).toBeUndefined();
  });

  it('allows loopback only in the local stack, and nothing else private there either', () => {
    expect(addressReason('127.0.0.1', LOCAL)).toBeUndefined();
    expect(addressReason('::1', LOCAL)).toBeUndefined();
    expect(addressReason('10.0.0.1', LOCAL)).toBeDefined();
    expect(addressReason('169.254.169.254', LOCAL)).toBeDefined();
  });

  it('checks registered URLs: https only in AWS, http to localhost locally, no credentials, no internal names or literal private addresses', () => {
    expect(urlProblem('https://hooks.example.com/x', AWS)).toBeUndefined();
    expect(urlProblem('http://hooks.example.com/x', AWS)).toBe('must use https');
    expect(urlProblem('http://127.0.0.1:39581/hook', AWS)).toBe('must use https');
    expect(urlProblem('https://127.0.0.1/hook', AWS)).toBe('must not point at a loopback address');
    expect(urlProblem('https://localhost/hook', AWS)).toBe('must not point at a loopback address');
    expect(urlProblem('http://127.0.0.1:39581/hook', LOCAL)).toBeUndefined();
    expect(urlProblem('http://localhost:8080/hook', LOCAL)).toBeUndefined();
    expect(urlProblem('http://hooks.example.com/x', LOCAL)).toContain('http is allowed for localhost only');
    expect(urlProblem('https://169.254.169.254/latest/meta-data', LOCAL)).toContain('link-local');
    expect(urlProblem('https://[fd00:ec2::254]/', AWS)).toContain('unique local');
    expect(urlProblem('https://10.0.0.8/', AWS)).toContain('private');
    expect(urlProblem('https://metadata.google.internal/', AWS)).toContain('internal host');
    expect(urlProblem('https://user:pw@hooks.example.com/', AWS)).toBe('must not carry credentials');
    expect(urlProblem('ftp://hooks.example.com/', AWS)).toBe('must use https');
    expect(urlProblem('not a url', AWS)).toBe('is not a URL');
  });

  it('parses IPv6 forms, embedded IPv4 included', () => {
    expect(ipv6Groups('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(ipv6Groups('1::2::3')).toBeUndefined();
  });
});

describe('the retry schedule', () => {
  it('doubles from the base, capped, with at most 10% jitter down', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, p, () => 0))).toEqual([30, 60, 120, 240]);
    expect(retryDelaySeconds(30, p, () => 0)).toBe(12 * 3600);
    expect(retryDelaySeconds(1, p, () => 1)).toBe(27);
  });

  it('keeps retrying for three days, then stops', () => {
    // Prepare
    const start = new Date('2026-11-20T00:00:00Z');
    let at = start;
    let attempts = 1;
    // Act: every attempt fails.
    for (;;) {
      const next = nextAttemptAt(attempts, start, at, DEFAULT_RETRY_POLICY, () => 0);
      if (!next) break;
      at = next;
      attempts++;
    }
    // Assess
    expect(at.getTime() - start.getTime()).toBeLessThanOrEqual(3 * 86_400_000);
    expect(at.getTime() - start.getTime()).toBeGreaterThan(2.4 * 86_400_000);
    expect(attempts).toBeGreaterThanOrEqual(15);
    expect(attempts).toBeLessThanOrEqual(20);
  });
});

describe('stream sequences', () => {
  it('sort a millisecond before every ULID of that millisecond and after every earlier one', () => {
    const t = Date.parse('2026-11-20T10:00:00.123Z');
    expect(seqAt(t) <= ulid(t)).toBe(true);
    expect(seqAt(t) > ulid(t - 1)).toBe(true);
    expect(LAST_EVENT_ID.test(ulid())).toBe(true);
    expect(LAST_EVENT_ID.test('0')).toBe(true);
    expect(LAST_EVENT_ID.test('../../etc')).toBe(false);
  });
});
