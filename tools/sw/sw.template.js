// Kehu's service worker: keeps one complete copy of the app shell per version, so the app opens
// with no network after the first visit and is never half-updated. Written into the build by
// tools/sw/precache.mjs (a Trunk post-build hook), which fills in the version and the file list.
//
// - install: fetch every file of this version into its own cache (all or nothing: a failed
//   fetch fails the install and the old version stays).
// - the new version then waits while an older one controls open pages; the page shows "new
//   version — reload" and, when the user agrees, posts 'skip-waiting'.
// - activate: delete the caches of other versions, take control of open pages.
// - fetch: same-origin GETs come from this version's cache; a navigation gets index.html; what is
//   not in the shell goes to the network.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `kehu-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kehu-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'version' && event.ports[0]) event.ports[0].postMessage(VERSION);
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    if (request.mode === 'navigate') {
      const shell = await cache.match('./index.html');
      if (shell) return shell;
    }
    return fetch(request);
  })());
});
