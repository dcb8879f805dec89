import * as z from 'zod';
import { defineRoute } from '#shared/http/route';

const Check = z.object({ status: z.enum(['ok', 'error']), latency_ms: z.number(), error: z.string().optional() });
export const HealthDto = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), Check),
  time: z.string(),
});

export const health = defineRoute({
  id: 'health',
  method: 'GET',
  path: '/health',
  summary:
    'Reachability of each dependency (table, queues), each checked within 1.5 s; 503 with the reason per dependency when any is down',
  tag: 'Health',
  auth: 'none',
  scopes: [],
  response: HealthDto,
  handler: 'functions/http/health/health.ts',
  access: { table: 'read', queues: [] },
  errors: [503],
});

export const ready = defineRoute({
  id: 'ready',
  method: 'GET',
  path: '/ready',
  summary: 'Ready to serve: configuration parsed and the table reachable within 1.5 s (else 503 with the reason)',
  tag: 'Health',
  auth: 'none',
  scopes: [],
  response: z.object({ status: z.literal('ready') }),
  handler: 'functions/http/health/ready.ts',
  access: { table: 'read' },
  errors: [503],
});

export const live = defineRoute({
  id: 'live',
  method: 'GET',
  path: '/live',
  summary: 'The process is up (no dependency checks)',
  tag: 'Health',
  auth: 'none',
  scopes: [],
  response: z.object({ status: z.literal('live') }),
  handler: 'functions/http/health/live.ts',
  access: { table: 'none' },
});
