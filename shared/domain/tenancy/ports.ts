import type { ApiKeyRecord, App, Project } from './types';

export interface ProjectStore {
  /** Idempotent: re-seeding an existing project keeps it. */
  putProject(p: Project): Promise<void>;
  getProject(projectId: string): Promise<Project | undefined>;
}

export interface AppStore {
  /** Idempotent: an existing app is kept. */
  putApp(a: App): Promise<void>;
}

export interface ApiKeyStore {
  /** A key hash is unique; writing the same key twice keeps the first. */
  putApiKey(k: ApiKeyRecord): Promise<'created' | 'exists'>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(projectId?: string): Promise<ApiKeyRecord[]>;
  revokeApiKey(keyId: string, at: string): Promise<ApiKeyRecord>;
}

/** Everything that provisions a project: the project, its apps and their keys. */
export type TenancyStore = ProjectStore & AppStore & ApiKeyStore;
