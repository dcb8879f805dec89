// The console's grants and metrics panels.
import { ApiError, api, btn, fail, PROJECT, say, section, when } from './console-kit';
import { field, h, table } from './dom';
import {
  liveChart,
  mrrChart,
  plansChart,
  type RevenueMetrics,
  revenueChart,
  type SubscriptionMetrics,
} from './metrics';

interface Grant {
  grant_id: string;
  feature: string | null;
  meter: string | null;
  quantity: string | null;
  expires_at: string | null;
  reason: string;
  active: boolean;
}

export function grants(): HTMLElement {
  const ws = h('input', { name: 'workspace_id', required: true }) as HTMLInputElement;
  const feature = h('input', { name: 'feature', placeholder: 'sso' }) as HTMLInputElement;
  const reason = h('input', { name: 'reason', placeholder: 'Why' }) as HTMLInputElement;
  const out = h('div', { id: 'grant-list' });
  const load = async () => {
    try {
      const { grants: list } = await api<{ grants: Grant[] }>(
        'GET',
        `/api/v1/admin/grants?workspace_id=${encodeURIComponent(ws.value.trim())}`,
      );
      out.replaceChildren(
        table(
          `${list.length} grant(s)`,
          ['Grant', 'What', 'Expires', 'Reason', 'Active', ''],
          list.map((g) => [
            g.grant_id,
            g.feature ?? `${g.quantity} ${g.meter}`,
            when(g.expires_at),
            g.reason,
            g.active ? 'yes' : 'no',
            btn(`Revoke ${g.grant_id}`, async () => {
              try {
                await api('DELETE', `/api/v1/admin/grants/${g.grant_id}`);
                void load();
              } catch (err) {
                fail(err);
              }
            }),
          ]),
        ),
      );
    } catch (err) {
      fail(err);
    }
  };
  const grant = btn('Grant feature', async () => {
    try {
      await api('POST', '/api/v1/admin/grants', {
        workspace_id: ws.value.trim(),
        feature: feature.value.trim(),
        reason: reason.value.trim(),
      });
      say('Granted.');
      void load();
    } catch (err) {
      fail(err);
    }
  });
  const form = h(
    'form',
    { class: 'filters', onsubmit: (e: Event) => (e.preventDefault(), void load()) },
    field('Workspace', ws),
    h('button', { type: 'submit' }, 'Show grants'),
  );
  return section(
    'grants',
    'Grants',
    form,
    out,
    h('div', { class: 'filters' }, field('Feature', feature), field('Reason', reason), grant),
  );
}

export function metrics(): HTMLElement {
  const project = h('input', {
    name: 'project_id',
    required: true,
    value: sessionStorage.getItem(PROJECT) ?? '',
  }) as HTMLInputElement;
  const out = h('div', { id: 'charts' });
  const load = async () => {
    const to = new Date();
    const period = `from=${new Date(to.getTime() - 30 * 86_400_000).toISOString()}&to=${to.toISOString()}`;
    const base = `/api/v1/metrics/project/${encodeURIComponent(project.value.trim())}`;
    try {
      const [rev, subs] = await Promise.all([
        api<RevenueMetrics>('GET', `${base}/revenue?${period}`),
        api<SubscriptionMetrics>('GET', `${base}/subscriptions?${period}`),
      ]);
      out.replaceChildren(mrrChart(rev), revenueChart(rev), plansChart(subs), liveChart(subs));
      say('Metrics loaded.');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'route_not_found')
        out.replaceChildren(h('p', {}, 'Project metrics are not served by this deployment.'));
      else fail(err);
    }
  };
  return section(
    'metrics',
    'Project metrics (last 30 days)',
    h(
      'form',
      { class: 'filters', onsubmit: (e: Event) => (e.preventDefault(), void load()) },
      field('Project', project),
      h('button', { type: 'submit' }, 'Show charts'),
    ),
    out,
  );
}
