import { AppError } from '#shared/errors';

/**
 * The credit ledger's rules, without I/O. A workspace's credits sit in two buckets: `purchased`
 * (bought packs, never expire) and `subscription` (allocated once per paid period, or per
 * calendar month on the default plan, and expiring at its end). Every movement is an
 * append-only entry; the balance is derived state that the entries rebuild exactly.
 */
export const BUCKETS = ['purchased', 'subscription'] as const;
export type Bucket = (typeof BUCKETS)[number];

export const ENTRY_TYPES = ['allocated', 'purchased', 'consumed', 'expired', 'refunded', 'adjusted'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface LedgerEntry {
  /** Position in the workspace's ledger, from 1, without gaps. */
  seq: number;
  type: EntryType;
  /** Signed whole credits: positive adds to the bucket, negative takes from it. */
  amount: number;
  bucket: Bucket;
  /** The workspace's total balance after this entry. */
  balance_after: number;
  /** What caused it: an invoice, a PaymentIntent, `event:<name>:<idempotency key>`, an admin key id. */
  reference: string;
  reason: string | null;
  created_at: string;
}

/** The subscription bucket's allocation: which period it belongs to and when it expires. */
export interface Allocation {
  key: string;
  start: string;
  end: string;
}

export interface CreditState {
  /** The number of entries written (the last entry's seq); 0 for a workspace with none. */
  seq: number;
  purchased: number;
  subscription: number;
  allocation: Allocation | null;
  /** The calendar month (`YYYY-MM`) whose default-plan credits were last allocated. */
  default_month: string | null;
  /** Set when the balance fell below the low-balance threshold; cleared once it is back above. */
  low_alerted: boolean;
  updated_at: string | null;
}

export const emptyState = (): CreditState => ({
  seq: 0,
  purchased: 0,
  subscription: 0,
  allocation: null,
  default_month: null,
  low_alerted: false,
  updated_at: null,
});

export const totalOf = (s: Pick<CreditState, 'purchased' | 'subscription'>) => s.purchased + s.subscription;

export interface Movement {
  type: EntryType;
  bucket: Bucket;
  amount: number;
  reference: string;
  reason?: string | null;
}

export class InsufficientCreditsError extends AppError {
  constructor(balance: number, required: number) {
    super(402, 'insufficient_credits', `The workspace has ${balance} credits; ${required} are needed`, {
      balance,
      required,
    });
  }
}

/**
 * Appends movements to a state: the entries they become and the state after. A movement that
 * would take a bucket below zero is a bug in the caller (every caller sizes its movements from
 * the state first), so it throws rather than writing a negative balance.
 */
export function appendEntries(
  state: CreditState,
  movements: Movement[],
  now: Date,
): { state: CreditState; entries: LedgerEntry[] } {
  const next: CreditState = { ...state, updated_at: now.toISOString() };
  const entries: LedgerEntry[] = [];
  for (const m of movements) {
    // Only an adjustment may move nothing: it records what could not be moved (a refund's shortfall).
    if (!Number.isSafeInteger(m.amount) || (m.amount === 0 && m.type !== 'adjusted'))
      throw new Error(`credit movement of ${m.amount}: whole, non-zero credits only`);
    next[m.bucket] += m.amount;
    if (next[m.bucket] < 0) throw new Error(`credit movement would take the ${m.bucket} bucket to ${next[m.bucket]}`);
    next.seq += 1;
    entries.push({
      seq: next.seq,
      type: m.type,
      amount: m.amount,
      bucket: m.bucket,
      balance_after: totalOf(next),
      reference: m.reference,
      reason: m.reason ?? null,
      created_at: now.toISOString(),
    });
  }
  return { state: next, entries };
}

/** Burn order: purchased credits first, then subscription credits. Null when the balance is short. */
export function splitDebit(
  state: Pick<CreditState, 'purchased' | 'subscription'>,
  cost: number,
): { purchased: number; subscription: number } | null {
  if (cost > totalOf(state)) return null;
  const purchased = Math.min(state.purchased, cost);
  return { purchased, subscription: cost - purchased };
}

/** The movements of a debit split across the buckets (one entry per bucket it touches). */
export function debitMovements(
  type: EntryType,
  from: { purchased: number; subscription: number },
  reference: string,
  reason?: string,
): Movement[] {
  return BUCKETS.filter((b) => from[b] > 0).map((bucket) => ({
    type,
    bucket,
    amount: -from[bucket],
    reference,
    reason,
  }));
}

/** The calendar month of a time, `YYYY-MM`, and its bounds: the default plan's allocation period. */
export function calendarMonth(now: Date): Allocation & { month: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const month = `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    month,
    key: `default:${month}`,
    start: new Date(Date.UTC(y, m, 1)).toISOString(),
    end: new Date(Date.UTC(y, m + 1, 1)).toISOString(),
  };
}

/** What time alone owes the ledger: the subscription bucket's expiry, and the default plan's monthly credits. */
export interface SettleContext {
  now: Date;
  /** The default plan's credits per month, when the workspace has no subscription that counts; else null. */
  defaultCredits: number | null;
}

/**
 * The movements due before anything else happens to the ledger: subscription credits whose
 * period has ended expire (an `expired` entry), and a workspace on the default plan gets its
 * month's credits the first time its ledger is touched in that month.
 */
export function settle(state: CreditState, ctx: SettleContext): { state: CreditState; entries: LedgerEntry[] } {
  let s = state;
  const entries: LedgerEntry[] = [];
  const step = (movements: Movement[]) => {
    const r = appendEntries(s, movements, ctx.now);
    s = r.state;
    entries.push(...r.entries);
  };
  if (s.allocation && Date.parse(s.allocation.end) <= ctx.now.getTime()) {
    const ended = s.allocation;
    if (s.subscription > 0)
      step([
        {
          type: 'expired',
          bucket: 'subscription',
          amount: -s.subscription,
          reference: `allocation:${ended.key}`,
          reason: `period ended ${ended.end}`,
        },
      ]);
    s = { ...s, allocation: null };
  }
  const month = calendarMonth(ctx.now);
  if (ctx.defaultCredits !== null && !s.allocation && s.default_month !== month.month) {
    if (ctx.defaultCredits > 0) {
      step([
        {
          type: 'allocated',
          bucket: 'subscription',
          amount: ctx.defaultCredits,
          reference: `allocation:${month.key}`,
          reason: 'default plan credits for the month',
        },
      ]);
    }
    s = { ...s, allocation: { key: month.key, start: month.start, end: month.end }, default_month: month.month };
  }
  return { state: s, entries };
}

/**
 * The movements that put a paid period's allocation in the subscription bucket: what is left of
 * the allocation it replaces expires, then the period's credits are allocated. Null when the
 * bucket already holds this period or a later one, or the period is over (a late or replayed
 * webhook).
 */
export function allocationMovements(
  state: CreditState,
  period: Allocation,
  credits: number,
  now: Date,
): { movements: Movement[]; allocation: Allocation } | null {
  if (Date.parse(period.end) <= now.getTime()) return null;
  const held = state.allocation;
  if (held && !held.key.startsWith('default:') && held.start >= period.start) return null;
  const movements: Movement[] = [];
  if (state.subscription > 0) {
    movements.push({
      type: 'expired',
      bucket: 'subscription',
      amount: -state.subscription,
      reference: `allocation:${held?.key ?? 'unknown'}`,
      reason: `replaced by the allocation of ${period.key}`,
    });
  }
  if (credits > 0)
    movements.push({
      type: 'allocated',
      bucket: 'subscription',
      amount: credits,
      reference: `allocation:${period.key}`,
      reason: `plan credits for the period ${period.start} to ${period.end}`,
    });
  return { movements, allocation: period };
}

/** Whether the balance just crossed the threshold downwards (`alert`), and the flag to store. */
export function lowBalance(
  before: CreditState,
  after: CreditState,
  threshold: number,
): { alert: boolean; low_alerted: boolean } {
  if (threshold <= 0) return { alert: false, low_alerted: false };
  const low = totalOf(after) < threshold;
  if (!low) return { alert: false, low_alerted: false };
  return { alert: !before.low_alerted, low_alerted: true };
}

/** Rebuilds the buckets from entries in order and says where they disagree with a stored state. */
export function replay(entries: LedgerEntry[]): {
  purchased: number;
  subscription: number;
  seq: number;
  problems: string[];
} {
  const b = { purchased: 0, subscription: 0 };
  const problems: string[] = [];
  let seq = 0;
  for (const e of entries) {
    if (e.seq !== seq + 1) problems.push(`entry ${e.seq} follows ${seq}`);
    seq = e.seq;
    b[e.bucket] += e.amount;
    if (b[e.bucket] < 0) problems.push(`entry ${e.seq} takes the ${e.bucket} bucket to ${b[e.bucket]}`);
    if (e.balance_after !== b.purchased + b.subscription)
      problems.push(
        `entry ${e.seq} says balance ${e.balance_after}, the entries before it give ${b.purchased + b.subscription}`,
      );
  }
  return { ...b, seq, problems };
}
