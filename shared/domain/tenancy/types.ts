import type { Scope } from './scopes';

export interface Project {
  projectId: string;
  name: string;
  createdAt: string;
}

export interface App {
  projectId: string;
  appId: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  keyId: string;
  hash: string;
  prefix: string;
  projectId: string;
  appId: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt?: string;
  /** A key made for a signed console link stops working at this time (ISO). */
  expiresAt?: string;
}

/** Who is calling: resolved once per request from the API key. */
export interface AuthContext {
  projectId: string;
  appId: string;
  keyId: string;
  scopes: Scope[];
}

export interface Workspace {
  projectId: string;
  workspaceId: string;
  name: string;
  email: string;
  country: string;
  currency: string;
  /** E.164, for channels that need a number (WhatsApp). */
  phone?: string;
  stripeCustomerId?: string;
  createdAt: string;
  updatedAt: string;
}
