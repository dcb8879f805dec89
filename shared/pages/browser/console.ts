// The operator console: every button is one call of the public API with the admin key the
// operator typed in, kept in this tab's sessionStorage only.

import { api, btn, fail, KEY, PROJECT, root, say, section, when } from './console-kit';
import { grants, metrics } from './console-panels';
import { field, h, table } from './dom';

function keyForm(): void {
  const input = h('input', { type: 'password', autocomplete: 'off', required: true, name: 'key' }) as HTMLInputElement;
  const form = h(
    'form',
    {
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const key = input.value.trim();
        try {
          // Kept only once the API accepts it for an admin route.
          await api('GET', '/api/v1/admin/dlq', undefined, key);
          sessionStorage.setItem(KEY, key);
          say('');
          start();
        } catch (err) {
          fail(err);
        }
      },
    },
    field('Admin API key', input),
    h('p', { class: 'muted' }, 'Kept in this tab only (sessionStorage); closing the tab forgets it.'),
    h('button', { type: 'submit' }, 'Open console'),
  );
  root.replaceChildren(section('key', 'Sign in', form));
  input.focus();
}

interface WebhookEvent {
  provider: string;
  event_id: string;
  type: string;
  status: string;
  attempts: number;
  last_error: string | null;
  workspace_id: string | null;
  received_at: string;
}

function webhooks(): HTMLElement {
  const provider = h(
    'select',
    { name: 'provider' },
    h('option', { value: 'stripe' }, 'Stripe'),
    h('option', { value: 'razorpay' }, 'Razorpay'),
  ) as HTMLSelectElement;
  const st = h(
    'select',
    { name: 'status' },
    ...['', 'failed', 'processed', 'queued', 'received', 'ignored'].map((s) => h('option', { value: s }, s || 'any')),
  ) as HTMLSelectElement;
  const type = h('input', { name: 'type', placeholder: 'invoice.paid' }) as HTMLInputElement;
  const ws = h('input', { name: 'workspace_id' }) as HTMLInputElement;
  const out = h('div', { id: 'webhook-list' });
  const load = async () => {
    const q = new URLSearchParams({ provider: provider.value, limit: '50' });
    if (st.value) q.set('status', st.value);
    if (type.value.trim()) q.set('type', type.value.trim());
    if (ws.value.trim()) q.set('workspace_id', ws.value.trim());
    try {
      const { events } = await api<{ events: WebhookEvent[] }>('GET', `/api/v1/admin/webhook-events?${q}`);
      const boxes = events.map(
        (e) =>
          h('input', { type: 'checkbox', value: e.event_id, 'aria-label': `Select ${e.event_id}` }) as HTMLInputElement,
      );
      const replay = btn('Replay selected', async () => {
        const ids = boxes.filter((b) => b.checked).map((b) => b.value);
        if (!ids.length) return say('Select events to replay first.');
        try {
          const r = await api<{ replayed: string[] }>('POST', '/api/v1/admin/webhook-events/replay', {
            provider: provider.value,
            event_ids: ids,
          });
          say(`Replayed ${r.replayed.length} event(s): ${r.replayed.join(', ')}`);
          window.setTimeout(() => void load(), 1500);
        } catch (err) {
          fail(err);
        }
      });
      out.replaceChildren(
        table(
          `${events.length} event(s)`,
          ['', 'Event', 'Type', 'Status', 'Attempts', 'Workspace', 'Last error', 'Received'],
          events.map((e, i) => [
            boxes[i],
            e.event_id,
            e.type,
            h('span', { 'data-status': e.status }, e.status),
            String(e.attempts),
            e.workspace_id ?? '',
            e.last_error ?? '',
            when(e.received_at),
          ]),
        ),
        replay,
      );
    } catch (err) {
      fail(err);
    }
  };
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => (e.preventDefault(), void load()) },
    field('Provider', provider),
    field('Status', st),
    field('Type', type),
    field('Workspace', ws),
    h('button', { type: 'submit' }, 'Show events'),
  );
  return section('webhooks', 'Webhook events', form, out);
}

interface Attention {
  id: string;
  reason: string;
  message: string;
  workspace_id: string | null;
  invoice_id: string | null;
  created_at: string;
}

function reconciliation(): HTMLElement {
  const run = h('div', { id: 'run' });
  const items = h('div', { id: 'attention' });
  const loadItems = async () => {
    try {
      const { items: list } = await api<{ items: Attention[] }>(
        'GET',
        '/api/v1/admin/reconciliation/attention?limit=50',
      );
      items.replaceChildren(
        table(
          `${list.length} open item(s)`,
          ['Reason', 'Message', 'Workspace', 'Invoice', 'Since', 'Resolve'],
          list.map((a) => {
            const note = h('input', {
              name: 'note',
              maxlength: '500',
              'aria-label': `Note for ${a.id}`,
            }) as HTMLInputElement;
            const resolve = h(
              'form',
              {
                class: 'actions',
                onsubmit: async (e: Event) => {
                  e.preventDefault();
                  try {
                    await api(
                      'POST',
                      `/api/v1/admin/reconciliation/attention/${encodeURIComponent(a.id)}/resolve`,
                      note.value.trim() ? { note: note.value.trim() } : {},
                    );
                    say(`Resolved ${a.id}`);
                    void loadItems();
                  } catch (err) {
                    fail(err);
                  }
                },
              },
              note,
              h('button', { type: 'submit' }, 'Resolve'),
            );
            return [a.reason, a.message, a.workspace_id ?? '', a.invoice_id ?? '', when(a.created_at), resolve];
          }),
        ),
      );
    } catch (err) {
      fail(err);
    }
  };
  const start = btn('Run drift check', async () => {
    say('Running…');
    try {
      const r = await api<{ run_id: string; status: string; drifts: { found: number; fixed: number } }>(
        'POST',
        '/api/v1/admin/reconciliation/runs',
        { dry_run: false },
      );
      run.replaceChildren(
        h('p', {}, `Run ${r.run_id}: ${r.status}, ${r.drifts.found} drift(s) found, ${r.drifts.fixed} fixed.`),
      );
      say('Run finished.');
      void loadItems();
    } catch (err) {
      fail(err);
    }
  });
  return section(
    'reconciliation',
    'Reconciliation',
    h(
      'div',
      { class: 'actions' },
      start,
      btn('Show attention items', () => void loadItems()),
    ),
    run,
    items,
  );
}

interface Queue {
  queue: string;
  messages: number;
  in_flight: number;
  dlq_messages: number;
}

function dlq(): HTMLElement {
  const out = h('div', { id: 'dlq-list' });
  const load = async () => {
    try {
      const { queues } = await api<{ queues: Queue[] }>('GET', '/api/v1/admin/dlq');
      out.replaceChildren(
        table(
          'Queues',
          ['Queue', 'Messages', 'In flight', 'Dead letters', ''],
          queues.map((q) => [
            q.queue,
            String(q.messages),
            String(q.in_flight),
            String(q.dlq_messages),
            q.dlq_messages > 0
              ? btn(`Redrive ${q.queue}`, async () => {
                  try {
                    const r = await api<{ moved: number; status: string }>(
                      'POST',
                      `/api/v1/admin/dlq/${q.queue}/redrive`,
                      {},
                    );
                    say(`Redrive of ${q.queue}: ${r.status}, ${r.moved} moved.`);
                    void load();
                  } catch (err) {
                    fail(err);
                  }
                })
              : '',
          ]),
        ),
      );
    } catch (err) {
      fail(err);
    }
  };
  return section(
    'dlq',
    'Dead-letter queues',
    btn('Show queues', () => void load()),
    out,
  );
}

function start(): void {
  const forget = btn(
    'Forget key',
    () => {
      sessionStorage.removeItem(KEY);
      sessionStorage.removeItem(PROJECT);
      keyForm();
    },
    { class: 'secondary' },
  );
  const nav = h(
    'nav',
    { 'aria-label': 'Console sections' },
    h(
      'ul',
      {},
      ...[
        ['webhooks', 'Webhook events'],
        ['reconciliation', 'Reconciliation'],
        ['dlq', 'DLQ'],
        ['grants', 'Grants'],
        ['metrics', 'Metrics'],
      ].map(([id, t]) => h('li', {}, h('a', { href: `#${id}` }, t))),
    ),
  );
  root.replaceChildren(nav, forget, webhooks(), reconciliation(), dlq(), grants(), metrics());
}

// Opened by a signed console link: its short-lived admin key and project are kept for this tab,
// and the address bar shows plain /console (the link does not stay in history).
const { key: linkKey, project: linkProject = '', expires = '' } = { ...document.body.dataset };
if (linkKey) {
  sessionStorage.setItem(KEY, linkKey);
  sessionStorage.setItem(PROJECT, linkProject);
  for (const a of ['data-key', 'data-project', 'data-expires']) document.body.removeAttribute(a);
  history.replaceState(null, '', '/console');
  say(`Opened from a console link for project ${linkProject}, valid until ${new Date(expires).toLocaleString()}.`);
}

if (sessionStorage.getItem(KEY)) start();
else keyForm();
