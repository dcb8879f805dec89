/** One request to a dependency, abortable: the check gives it its own deadline. */
export type DependencyProbe = (opts: { abortSignal: AbortSignal; requestTimeout: number }) => Promise<unknown>;

export interface HealthPorts {
  /** By the name the report shows (`dynamodb`, `sqs:usage`, …). */
  probes: Record<string, DependencyProbe>;
  /** Why a probe failed, in words (no addresses). */
  describeFailure: (e: unknown) => string;
  timeoutMs?: number;
}
