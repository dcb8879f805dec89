import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * The request parameters of each Stripe endpoint, read from the official SDK's own type
 * declarations (`*CreateParams`, `*UpdateParams`, `*ListParams`, …, generated from Stripe's
 * OpenAPI spec for the SDK's API version). The emulator checks every request against them, so a
 * parameter the SDK does not declare for that endpoint is refused as Stripe refuses it.
 */
export type ParamSchema =
  | { type: 'string' }
  | { type: 'number' }
  | { type: 'boolean' }
  | { type: 'empty' }
  | { type: 'enum'; values: string[] }
  | { type: 'map' }
  | { type: 'object'; properties: Record<string, { required: boolean; schema: ParamSchema }> }
  | { type: 'array'; items: ParamSchema }
  | { type: 'anyOf'; of: ParamSchema[] };

export interface SdkEndpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** With `*` for each path parameter, e.g. `/v1/subscriptions/*`. */
  path: string;
  /** E.g. `subscriptions.update`. */
  operation: string;
  /** The declared params type, e.g. `SubscriptionUpdateParams`; null when the method takes none. */
  paramsType: string | null;
  file: string;
}

const stripeRoot = (): string => {
  const entry = createRequire(import.meta.url).resolve('stripe');
  const i = entry.lastIndexOf(`${join('node_modules', 'stripe')}`);
  if (i === -1) throw new Error(`cannot locate the stripe package from ${entry}`);
  return join(entry.slice(0, i), 'node_modules', 'stripe', 'esm');
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.js') ? [join(dir, d.name)] : [],
  );
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

let endpointIndex: SdkEndpoint[] | undefined;

/** Every endpoint the SDK can call: its HTTP method and path (from the resource's JS) and its params type (from the d.ts). */
export function sdkEndpoints(): SdkEndpoint[] {
  if (endpointIndex) return endpointIndex;
  const root = join(stripeRoot(), 'resources');
  const out: SdkEndpoint[] = [];
  for (const js of walk(root)) {
    const src = readFileSync(js, 'utf8');
    const dts = readFileSync(js.replace(/\.js$/, '.d.ts'), 'utf8');
    const resource = js
      .slice(root.length + 1, -3)
      .split('/')
      .map(lower)
      .join('.');
    const methodRe =
      /^ {4}(\w+)\([^)]*\) \{\n\s+return this\._makeRequest\('(GET|POST|DELETE)', (?:'([^']+)'|`([^`]+)`)/gm;
    let m: RegExpExecArray | null;
    while ((m = methodRe.exec(src)) !== null) {
      const [, name, method, plain, template] = m;
      const path = (plain ?? template).replace(/\$\{encodeURIComponent\(\w+\)\}/g, '*');
      const decl = new RegExp(`^ {4}${name}\\(([^\\n]*)\\): `, 'm').exec(dts);
      const paramsType = decl ? (/params\??: ([\w.]+)/.exec(decl[1])?.[1] ?? null) : null;
      out.push({
        method: method as SdkEndpoint['method'],
        path,
        operation: `${resource}.${name}`,
        paramsType,
        file: js.replace(/\.js$/, '.d.ts'),
      });
    }
  }
  endpointIndex = out;
  return out;
}

/** The SDK endpoint for a route pattern such as `/v1/subscriptions/:id` (path parameters match any segment). */
export function findSdkEndpoint(method: string, pattern: string): SdkEndpoint | undefined {
  const path = pattern.replace(/:\w+/g, '*');
  return sdkEndpoints().find((e) => e.method === method && e.path === path);
}

// ---------------------------------------------------------------------------------------------
// A reader for the declaration files: interfaces, type aliases and namespaces, scoped like TS.

interface Decl {
  kind: 'interface' | 'type';
  /** Interface body, or the aliased type expression. */
  body: string;
  extends: string[];
  /** The namespace path the declaration lives in, for resolving unqualified references. */
  scope: string[];
}

type Decls = Map<string, Decl>;

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Index of the brace that closes the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      i = end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces in a Stripe declaration file');
}

function collectDeclarations(src: string, scope: string[], into: Decls): void {
  const re =
    /(?:export\s+)?(?:declare\s+)?(interface|namespace|type|class)\s+(\w+)(?:<[^>]*>)?\s*(?:extends\s+([\w.,\s<>]+?))?\s*(=|\{)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    const [, kind, name, ext, opener] = m;
    if (opener === '=') {
      let depth = 0;
      let i = re.lastIndex;
      for (; i < src.length; i++) {
        const c = src[i];
        if (c === "'") i = src.indexOf("'", i + 1);
        else if (c === '{' || c === '<' || c === '(') depth++;
        else if (c === '}' || c === '>' || c === ')') depth--;
        else if (c === ';' && depth === 0) break;
      }
      if (kind === 'type')
        into.set([...scope, name].join('.'), {
          kind: 'type',
          body: src.slice(re.lastIndex, i).trim(),
          extends: [],
          scope,
        });
      re.lastIndex = i + 1;
      continue;
    }
    const open = re.lastIndex - 1;
    const close = closing(src, open);
    const body = src.slice(open + 1, close);
    if (kind === 'namespace') collectDeclarations(body, [...scope, name], into);
    else if (kind === 'interface') {
      const key = [...scope, name].join('.');
      if (!into.has(key))
        into.set(key, { kind: 'interface', body, extends: ext ? ext.split(',').map((x) => x.trim()) : [], scope });
    }
    re.lastIndex = close + 1;
  }
}

const declCache = new Map<string, Decls>();

function declarations(file: string): Decls {
  let d = declCache.get(file);
  if (!d) {
    d = new Map();
    collectDeclarations(stripComments(readFileSync(file, 'utf8')), [], d);
    const shared = join(stripeRoot(), 'shared.d.ts');
    if (file !== shared) for (const [k, v] of declarations(shared)) if (!d.has(k)) d.set(k, v);
    declCache.set(file, d);
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// Type expressions.

type Token = { t: 'id' | 'str' | 'num' | 'p'; v: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:([A-Za-z_$][\w$.]*)|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)|(\S))/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < s.length && (m = re.exec(s)) !== null) {
    if (m[1] !== undefined) out.push({ t: 'id', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ t: 'num', v: m[3] });
    else if (m[4] !== undefined) out.push({ t: 'p', v: m[4] });
    if (/^\s*$/.test(s.slice(re.lastIndex))) break;
  }
  return out;
}

class TypeReader {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly resolve: (name: string) => ParamSchema,
    private readonly objectBody: (body: string) => ParamSchema,
    private readonly source: string,
  ) {}

  private peek(v?: string): boolean {
    const tk = this.tokens[this.pos];
    return tk !== undefined && (v === undefined || (tk.t === 'p' && tk.v === v));
  }

  private expect(v: string): void {
    if (!this.peek(v)) throw new Error(`expected '${v}' in Stripe type '${this.source}'`);
    this.pos++;
  }

  union(): ParamSchema {
    const parts: ParamSchema[] = [];
    if (this.peek('|')) this.pos++;
    parts.push(this.intersection());
    while (this.peek('|')) {
      this.pos++;
      parts.push(this.intersection());
    }
    return mergeUnion(parts);
  }

  private intersection(): ParamSchema {
    const first = this.postfix();
    // `string & Record<never, never>` (OtherString) and the like: the left side decides.
    while (this.peek('&')) {
      this.pos++;
      this.postfix();
    }
    return first;
  }

  private postfix(): ParamSchema {
    let t = this.primary();
    while (this.peek('[') && this.tokens[this.pos + 1]?.v === ']') {
      this.pos += 2;
      t = { type: 'array', items: t };
    }
    return t;
  }

  private primary(): ParamSchema {
    const tk = this.tokens[this.pos++];
    if (!tk) throw new Error(`unexpected end of Stripe type '${this.source}'`);
    if (tk.t === 'str') return { type: 'enum', values: [tk.v] };
    if (tk.t === 'num') return { type: 'number' };
    if (tk.t === 'p' && tk.v === '(') {
      const t = this.union();
      this.expect(')');
      return t;
    }
    if (tk.t === 'p' && tk.v === '{') {
      const start = this.pos;
      let depth = 1;
      while (depth > 0) {
        const x = this.tokens[this.pos++];
        if (!x) throw new Error(`unbalanced object type in '${this.source}'`);
        if (x.t === 'p' && x.v === '{') depth++;
        if (x.t === 'p' && x.v === '}') depth--;
      }
      return this.objectBody(
        this.tokens
          .slice(start, this.pos - 1)
          .map((x) => (x.t === 'str' ? `'${x.v}'` : x.v))
          .join(' '),
      );
    }
    if (tk.t !== 'id') throw new Error(`unexpected '${tk.v}' in Stripe type '${this.source}'`);
    const args: ParamSchema[] = [];
    if (this.peek('<')) {
      this.pos++;
      args.push(this.union());
      while (this.peek(',')) {
        this.pos++;
        args.push(this.union());
      }
      this.expect('>');
    }
    switch (tk.v) {
      case 'string':
        return { type: 'string' };
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'true':
      case 'false':
        return { type: 'boolean' };
      case 'null':
        return { type: 'empty' };
      case 'Array':
        return { type: 'array', items: args[0] };
      case 'Record':
        return { type: 'map' };
      case 'Emptyable':
        return mergeUnion([{ type: 'empty' }, args[0]]);
      case 'OtherString':
        return { type: 'string' };
      case 'Decimal':
        return { type: 'number' };
      case 'MetadataParam':
      case 'Metadata':
        return { type: 'map' };
      default:
        return this.resolve(tk.v);
    }
  }
}

/** Flattens nested unions; a union of string literals (with or without OtherString) is an enum of the literals. */
function mergeUnion(parts: ParamSchema[]): ParamSchema {
  const flat = parts.flatMap((p) => (p.type === 'anyOf' ? p.of : [p]));
  const literals = flat
    .filter((p): p is { type: 'enum'; values: string[] } => p.type === 'enum')
    .flatMap((p) => p.values);
  const others = flat.filter((p) => p.type !== 'enum');
  // An open enum (`'a' | 'b' | OtherString`) still only takes the listed values at this API version.
  const rest = literals.length ? others.filter((p) => p.type !== 'string') : others;
  const out: ParamSchema[] = [
    ...(literals.length ? [{ type: 'enum' as const, values: [...new Set(literals)] }] : []),
    ...dedupe(rest),
  ];
  return out.length === 1 ? out[0] : { type: 'anyOf', of: out };
}

function dedupe(parts: ParamSchema[]): ParamSchema[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const k = JSON.stringify(p);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const schemaCache = new Map<string, ParamSchema | null>();

/** The parameter schema of an SDK endpoint (an object schema), or null when it takes no params. */
export function paramsSchema(endpoint: SdkEndpoint): ParamSchema | null {
  const key = `${endpoint.file}#${endpoint.paramsType}`;
  if (schemaCache.has(key)) return schemaCache.get(key)!;
  const schema = endpoint.paramsType ? schemaOfDeclaration(declarations(endpoint.file), endpoint.paramsType, []) : null;
  schemaCache.set(key, schema);
  return schema;
}

function schemaOfDeclaration(decls: Decls, name: string, scope: string[], stack: string[] = []): ParamSchema {
  const found = lookup(decls, name, scope);
  if (!found) throw new Error(`unknown type ${name} in the Stripe declarations`);
  const [qualified, decl] = found;
  if (stack.includes(qualified)) return { type: 'map' };
  const next = [...stack, qualified];
  const ref = (r: string) => schemaOfDeclaration(decls, r, decl.scope, next);
  if (decl.kind === 'type')
    return new TypeReader(tokenize(decl.body), ref, (body) => objectSchema(body, ref), decl.body).union();
  const own = objectSchema(decl.body, ref);
  if (own.type !== 'object') return own;
  const properties = { ...own.properties };
  for (const base of decl.extends) {
    const b = schemaOfDeclaration(decls, base, decl.scope, next);
    if (b.type === 'object') for (const [k, v] of Object.entries(b.properties)) properties[k] ??= v;
  }
  return { type: 'object', properties };
}

function lookup(decls: Decls, name: string, scope: string[]): [string, Decl] | undefined {
  for (let i = scope.length; i >= 0; i--) {
    const q = [...scope.slice(0, i), name].join('.');
    const d = decls.get(q);
    if (d) return [q, d];
  }
  return undefined;
}

/** An interface or inline object body: named members make an object; an index signature makes a map. */
function objectSchema(body: string, resolveRef: (name: string) => ParamSchema): ParamSchema {
  const src = stripComments(body);
  if (/^\s*\[\s*\w+\s*:\s*string\s*\]/.test(src)) return { type: 'map' };
  const properties: Record<string, { required: boolean; schema: ParamSchema }> = {};
  let i = 0;
  while (i < src.length) {
    const m = /\s*(\w+)\s*(\?)?\s*:\s*/y;
    m.lastIndex = i;
    const hit = m.exec(src);
    if (!hit) {
      if (/^\s*;?\s*$/.test(src.slice(i))) break;
      throw new Error(`cannot read a member of a Stripe declaration near '${src.slice(i, i + 60)}'`);
    }
    let j = m.lastIndex;
    let depth = 0;
    for (; j < src.length; j++) {
      const c = src[j];
      if (c === "'") j = src.indexOf("'", j + 1);
      else if (c === '{' || c === '<' || c === '(') depth++;
      else if (c === '}' || c === '>' || c === ')') depth--;
      else if (c === ';' && depth === 0) break;
    }
    const typeSrc = src.slice(m.lastIndex, j).trim();
    const schema = new TypeReader(
      tokenize(typeSrc),
      (ref) => resolveRef(ref),
      (b) => objectSchema(b, resolveRef),
      typeSrc,
    ).union();
    properties[hit[1]] = { required: !hit[2], schema };
    i = j + 1;
  }
  return { type: 'object', properties };
}
