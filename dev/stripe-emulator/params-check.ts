import { ApiError, errors } from './errors';
import type { FormObject, FormValue } from './form';
import type { Route } from './router';
import { findSdkEndpoint, type ParamSchema, paramsSchema, type SdkEndpoint } from './sdk-params';

/** One way a request differs from what the SDK declares for its endpoint. */
export interface ParamViolation {
  kind: 'unknown' | 'missing' | 'invalid';
  param: string;
  message: string;
  code?: string;
}

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

const name = (prefix: string, key: string) => (prefix ? `${prefix}[${key}]` : key);

/** Why `value` does not fit `schema` (the first reason found), or null when it fits. */
function check(value: FormValue, schema: ParamSchema, param: string, out: ParamViolation[]): void {
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string')
        out.push({ kind: 'invalid', param, message: `Invalid string: ${describe(value)}` });
      return;
    case 'number':
      // The SDK types integers and decimals alike as number; a non-number fails as Stripe's integer check does.
      if (typeof value !== 'string' || !NUMBER_RE.test(value))
        out.push({
          kind: 'invalid',
          param,
          message: `Invalid integer: ${describe(value)}`,
          code: 'parameter_invalid_integer',
        });
      return;
    case 'boolean':
      if (value !== 'true' && value !== 'false')
        out.push({ kind: 'invalid', param, message: `Invalid boolean: ${describe(value)}` });
      return;
    case 'empty':
      if (value !== '') out.push({ kind: 'invalid', param, message: `Invalid value: ${describe(value)}` });
      return;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value)) {
        out.push({ kind: 'invalid', param, message: `Invalid ${param}: must be one of ${list(schema.values)}` });
      }
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value))
        out.push({ kind: 'invalid', param, message: 'Invalid hash' });
      else
        for (const [k, v] of Object.entries(value))
          if (typeof v !== 'string')
            out.push({
              kind: 'invalid',
              param: name(param, k),
              message: 'Invalid string: a hash value must be a string',
            });
      return;
    case 'array':
      if (!Array.isArray(value)) out.push({ kind: 'invalid', param, message: 'Invalid array' });
      else value.forEach((v, i) => check(v, schema.items, `${param}[${i}]`, out));
      return;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value))
        out.push({ kind: 'invalid', param, message: 'Invalid object' });
      else checkObject(value, schema, param, out);
      return;
    case 'anyOf': {
      const attempts = schema.of.map((s) => {
        const o: ParamViolation[] = [];
        check(value, s, param, o);
        return o;
      });
      if (attempts.some((a) => a.length === 0)) return;
      // Report the alternative of the value's own shape (an object's unknown key, not "Invalid string").
      const shape = typeof value === 'string' ? 'scalar' : Array.isArray(value) ? 'array' : 'hash';
      const shaped = schema.of.findIndex(
        (s) => (s.type === 'array' ? 'array' : s.type === 'object' || s.type === 'map' ? 'hash' : 'scalar') === shape,
      );
      out.push(...attempts[shaped === -1 ? 0 : shaped]);
      return;
    }
  }
}

function checkObject(
  value: FormObject,
  schema: Extract<ParamSchema, { type: 'object' }>,
  prefix: string,
  out: ParamViolation[],
): void {
  for (const [key, v] of Object.entries(value)) {
    const prop = schema.properties[key];
    if (!prop)
      out.push({
        kind: 'unknown',
        param: name(prefix, key),
        message: `Received unknown parameter: ${name(prefix, key)}`,
      });
    else check(v, prop.schema, name(prefix, key), out);
  }
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (prop.required && value[key] === undefined)
      out.push({ kind: 'missing', param: name(prefix, key), message: `Missing required param: ${name(prefix, key)}.` });
  }
}

const describe = (v: FormValue) => (typeof v === 'string' ? v : Array.isArray(v) ? 'an array' : 'a hash');
const list = (values: string[]) =>
  values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')}, or ${values.at(-1)}`;

/** Every difference between a request's parameters and the schema (empty when it conforms). */
export function violations(params: FormObject, schema: ParamSchema | null): ParamViolation[] {
  const out: ParamViolation[] = [];
  if (!schema) {
    for (const key of Object.keys(params))
      out.push({ kind: 'unknown', param: key, message: `Received unknown parameter: ${key}` });
    return out;
  }
  if (schema.type !== 'object') throw new Error('a params schema is an object');
  checkObject(params, schema, '', out);
  return out;
}

/** The error Stripe answers for a violation. */
export function violationError(v: ParamViolation): ApiError {
  if (v.kind === 'unknown') {
    return new ApiError(400, {
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      message: v.message,
      param: v.param,
      doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
    });
  }
  if (v.kind === 'missing') return errors.paramMissing(v.param);
  return errors.invalid(v.message, v.param, v.code);
}

export interface RouteParams {
  endpoint: SdkEndpoint | null;
  schema: ParamSchema | null;
}

/**
 * The parameters a route takes: the SDK's declaration for the same endpoint, or the route's own
 * (emulator test helpers). A route with neither is a mistake in the emulator and stops its start.
 */
export function routeParams(route: Route): RouteParams {
  const endpoint = findSdkEndpoint(route.method, route.pattern) ?? null;
  if (endpoint) return { endpoint, schema: paramsSchema(endpoint) };
  if (route.params) return { endpoint: null, schema: route.params };
  throw new Error(`The Stripe SDK has no ${route.method} ${route.pattern}; declare the route's params or remove it`);
}
