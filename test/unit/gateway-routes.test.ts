import { describe, expect, it } from 'vitest';
import { routes } from '#shared/http/manifest';
import { compileRoute } from '../../dev/gateway';

const routeOf = (id: string) => routes.find((r) => r.id === id)!;

describe('local gateway route matching', () => {
  it('matches a path with or without its trailing slash, as API Gateway does', () => {
    // Prepare
    const create = compileRoute(routeOf('createSubscription'));
    const get = compileRoute(routeOf('getSubscription'));
    // Assess
    expect(create.route.path).toBe('/api/v1/subscriptions/');
    expect(['/api/v1/subscriptions', '/api/v1/subscriptions/'].map((p) => create.regex.test(p))).toEqual([true, true]);
    expect(create.regex.test('/api/v1/subscriptionsx')).toBe(false);
    expect(get.regex.exec('/api/v1/subscriptions/ws_1/')?.[1]).toBe('ws_1');
    expect(get.regex.test('/api/v1/subscriptions/')).toBe(false);
  });
});
