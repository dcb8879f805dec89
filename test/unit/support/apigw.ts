import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type {
  BeginOptions,
  BeginResult,
  IdempotencyStore,
  StoredResponse,
} from '#shared/adapters/dynamodb/repositories/idempotency';
import type { ErrorBody } from '#shared/http/errors';
import type { RouteDef } from '#shared/http/route';
import { type ApiGatewayEventInit, apiGatewayEvent, lambdaContext } from '../../../dev/gateway';

/** An API Gateway HTTP API payload 2.0 event, built as the local gateway builds it. */
export function apiEvent(
  opts: Omit<ApiGatewayEventInit, 'headers'> & { headers?: Record<string, string> },
): APIGatewayProxyEventV2 {
  return apiGatewayEvent({ ...opts, headers: { host: 'api.test', 'user-agent': 'vitest', ...opts.headers } });
}

/** A PUT/GET of one workspace, the route most of these tests drive. */
export function workspaceEvent(
  method: 'GET' | 'PUT',
  workspaceId: string,
  opts: { body?: string; headers?: Record<string, string>; requestId?: string; isBase64Encoded?: boolean } = {},
): APIGatewayProxyEventV2 {
  return apiEvent({
    method,
    routePath: '/api/v1/workspaces/{workspace_id}',
    rawPath: `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`,
    pathParameters: { workspace_id: workspaceId },
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    body: opts.body,
    requestId: opts.requestId,
    isBase64Encoded: opts.isBase64Encoded,
  });
}

export const context = (name = 'test'): Context => lambdaContext(name);

/**
 * The same route without its response schema, for tests that drive the pipeline with stand-in
 * answers: a handler's result is typed against the route's schema, and these answer other shapes.
 */
export const withStandInAnswers = <R extends RouteDef>(route: R) =>
  route as Omit<R, 'response'> & { response?: RouteDef['response'] };

export type Invoke = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: any;
  raw: APIGatewayProxyStructuredResultV2;
}

export async function call(handler: Invoke, event: APIGatewayProxyEventV2): Promise<Answer> {
  const raw = await handler(event, context());
  const text = raw.body ?? '';
  return {
    status: raw.statusCode ?? 200,
    headers: (raw.headers ?? {}) as Record<string, string>,
    json: text ? JSON.parse(text) : undefined,
    raw,
  };
}

export const errorOf = (a: Answer) => (a.json as ErrorBody).error;

/** Same contract as the DynamoDB store (see its integration test), kept in memory. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly records = new Map<
    string,
    {
      fingerprint: string;
      status: 'in_progress' | 'completed';
      response?: StoredResponse;
      expiresAt: number;
      leaseUntil?: number;
      attempt?: string;
    }
  >();
  readonly calls: string[] = [];

  async begin(
    projectId: string,
    key: string,
    fingerprint: string,
    nowSec: number,
    opts: BeginOptions = {},
  ): Promise<BeginResult> {
    this.calls.push(`begin ${projectId} ${key}`);
    const id = `${projectId}#${key}`;
    const r = this.records.get(id);
    const lapsed =
      r?.status === 'in_progress' &&
      r.fingerprint === fingerprint &&
      (r.leaseUntil === undefined || r.leaseUntil < nowSec);
    if (!r || r.expiresAt < nowSec || lapsed) {
      const leaseUntil = nowSec + (opts.leaseSeconds ?? 15);
      this.records.set(id, {
        fingerprint,
        status: 'in_progress',
        expiresAt: nowSec + 24 * 3600,
        leaseUntil,
        attempt: opts.attempt,
      });
      return { state: 'started' };
    }
    if (r.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (r.status !== 'completed' || !r.response)
      return { state: 'in_progress', ...(r.leaseUntil !== undefined ? { leaseUntil: r.leaseUntil } : {}) };
    return { state: 'replay', response: r.response };
  }

  async complete(projectId: string, key: string, response: StoredResponse, attempt?: string): Promise<void> {
    this.calls.push(`complete ${projectId} ${key}`);
    const r = this.records.get(`${projectId}#${key}`);
    if (r && (!attempt || r.attempt === attempt))
      Object.assign(r, { status: 'completed', response, leaseUntil: undefined });
  }

  async abandon(projectId: string, key: string, attempt?: string): Promise<void> {
    this.calls.push(`abandon ${projectId} ${key}`);
    const r = this.records.get(`${projectId}#${key}`);
    if (r && (!attempt || r.attempt === attempt)) this.records.delete(`${projectId}#${key}`);
  }
}
