/*
 * Cordon's service worker: the app itself keeps opening with the network down, so that a
 * checkpoint phone reloaded or reopened at a gate with no signal still verifies passes offline
 * (the page's keys, policy and revocation list are in localStorage: passes/verify/store.ts).
 *
 * - Page loads (navigations): the network first, the last good copy of the app when it fails.
 * - /assets/*: hashed, never change — from the cache once fetched, else the network.
 * - Everything else, the API above all, goes to the network untouched: no personal data is kept here.
 */
const SHELL = 'cordon-shell-v1';
const ASSETS = 'cordon-assets-v1';
const KEEP = [SHELL, ASSETS];
/** Releases leave old hashed files behind: past this many, the oldest go. */
const MAX_ASSETS = 300;

// The app as the page that registered this worker loaded it: the page, and the files it names
// (the rest — each module's code, loaded as pages open — is kept as it passes through here).
async function precache() {
  const response = await fetch('/', { cache: 'no-cache' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await (await caches.open(SHELL)).put('/', response);
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await (await caches.open(ASSETS)).addAll([...new Set(files)]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    precache()
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => !KEEP.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function page(request) {
  const shell = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    // The app's one page (client-side routing): whatever the path, the same index.html.
    if (response.ok && (response.headers.get('content-type') || '').includes('text/html'))
      await shell.put('/', response.clone());
    return response;
  } catch (error) {
    const cached = await shell.match('/');
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cache = await caches.open(ASSETS);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    const keys = await cache.keys(); // in the order they were put
    await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_ASSETS)).map((k) => cache.delete(k)));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/docs')) {
    event.respondWith(page(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  }
});
