import type { AttentionItem } from '#shared/domain/payments/types';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import type { DriftOptions } from './drift';
import { type CheckKind, type DriftEntry, type DriftKind, MAX_ENTRIES, type RunRecord } from './report';

/** A run past its deadline stops here and reports itself `incomplete`. */
export class OutOfTime extends Error {}

/** Collects a run's findings and keeps the stored report bounded. */
export class RunLog {
  private counts = { found: 0, fixed: 0 };
  constructor(
    readonly run: RunRecord,
    private readonly opts: DriftOptions,
  ) {}
  phase: CheckKind = 'subscriptions';
  private phaseCounts = { checked: 0, found: 0, fixed: 0 };

  begin(phase: CheckKind) {
    this.phase = phase;
    this.phaseCounts = { checked: 0, found: 0, fixed: 0 };
  }
  end() {
    this.opts.onProgress?.({ phase: this.phase, ...this.phaseCounts, done: true });
  }
  tick() {
    if (this.opts.deadline !== undefined && Date.now() > this.opts.deadline) throw new OutOfTime();
  }
  checked(projectId: string | null) {
    this.run.checked[this.phase]++;
    const p = (this.run.checked_by_project[projectId ?? '-'] ??= {});
    p[this.phase] = (p[this.phase] ?? 0) + 1;
    this.phaseCounts.checked++;
    this.opts.onProgress?.({ phase: this.phase, ...this.phaseCounts, done: false });
  }
  drift(
    kind: DriftKind,
    subject: string,
    ref: Partial<WorkspaceRef> | undefined,
    detail: string,
    fixed: boolean,
    attention?: AttentionItem,
  ) {
    this.counts.found++;
    this.phaseCounts.found++;
    if (fixed) this.counts.fixed++, this.phaseCounts.fixed++;
    this.run.totals = { ...this.counts };
    if (attention) this.attention(attention);
    if (this.run.drifts.length >= MAX_ENTRIES) {
      this.run.truncated = true;
      return;
    }
    const entry: DriftEntry = {
      kind,
      subject,
      project_id: ref?.projectId ?? null,
      workspace_id: ref?.workspaceId ?? null,
      detail,
      fixed,
      attention_id: attention?.id ?? null,
    };
    this.run.drifts.push(entry);
  }
  attention(a: AttentionItem) {
    if (this.run.attention.some((x) => x.id === a.id)) return;
    if (this.run.attention.length >= MAX_ENTRIES) {
      this.run.truncated = true;
      return;
    }
    this.run.attention.push({
      id: a.id,
      reason: a.reason,
      message: a.message,
      project_id: a.projectId,
      workspace_id: a.workspaceId,
      invoice_id: a.invoiceId,
    });
  }
}

/** Every item of a stored list, page by page. */
export async function* tablePages<T>(
  list: (cursor?: string) => Promise<{ items: T[]; cursor: string | null }>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    for (const x of page.items) yield x;
    cursor = page.cursor ?? undefined;
  } while (cursor);
}

/** Walks a Stripe list page by page (`starting_after` the last id), yielding items as they come. */
export async function* stripePages<T extends { id: string }>(
  list: (startingAfter?: string) => Promise<{ data: T[]; has_more: boolean }>,
): AsyncGenerator<T> {
  let after: string | undefined;
  for (;;) {
    const page = await list(after);
    for (const x of page.data) yield x;
    if (!page.has_more || !page.data.length) return;
    after = page.data[page.data.length - 1].id;
  }
}
