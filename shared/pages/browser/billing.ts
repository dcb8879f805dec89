// The billing page in the browser: live updates from the workspace's event stream, and forms
// that cannot be sent twice. Everything else is plain HTML served by the stack.

const main = document.getElementById('main');
const live = document.getElementById('live');
let timer: number | undefined;

/** What a refresh compares: the plan, the meters and the balances (forms carry a fresh nonce each time). */
const state = (root: ParentNode) =>
  [...root.querySelectorAll('.plan, [role=meter], [data-credits], [data-invoice-status]')]
    .map((e) => e.outerHTML)
    .join('');

/** Reads the page again and puts its main part in place; true when something shown changed. */
async function refresh(): Promise<boolean> {
  const res = await fetch(location.pathname + location.search, {
    headers: { accept: 'text/html' },
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!res.ok || !main) return false;
  const next = new DOMParser().parseFromString(await res.text(), 'text/html').getElementById('main');
  if (!next) return false;
  const changed = state(next) !== state(main);
  const focused = document.activeElement?.id;
  main.innerHTML = next.innerHTML;
  if (focused) document.getElementById(focused)?.focus();
  if (live) live.textContent = `Updated at ${new Date().toLocaleTimeString()}`;
  return changed;
}

// Back from Checkout: the payment lands through Stripe's webhook a moment later; look again
// every few seconds until what the page shows changes (for two minutes at most).
if (new URLSearchParams(location.search).get('done') === 'checkout_complete') {
  let tries = 0;
  const poll = async () => {
    if ((await refresh().catch(() => false)) || ++tries >= 40) return;
    window.setTimeout(() => void poll(), 3000);
  };
  window.setTimeout(() => void poll(), 2000);
}

// The stream resumes from where the page was read (its URL carries that position), so it may
// connect a little later without missing anything: at the reader's first interaction, or after
// ten seconds. Until then the page makes no long-lived request (headless renderers wait for
// those to finish).
const events = document.body.dataset.events;
let source: EventSource | undefined;
const connect = () => {
  if (source || !events || !('EventSource' in window)) return;
  source = new EventSource(events);
  source.onmessage = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh().catch(() => false), 300);
  };
};
for (const type of ['pointerdown', 'keydown', 'focusin'])
  window.addEventListener(type, connect, { once: true, passive: true });
window.setTimeout(connect, 10_000);

document.addEventListener('submit', (e) => {
  const form = e.target as HTMLFormElement;
  // A form that opens another tab (Razorpay) leaves this page as it was: it may be sent again.
  if (form.target === '_blank') return;
  if (form.dataset.sent) {
    e.preventDefault();
    return;
  }
  form.dataset.sent = '1';
  form.querySelector('button[type=submit]')?.setAttribute('aria-busy', 'true');
});
