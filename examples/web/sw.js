// The offline copy of the page: every file of the page (HTML, script, style, the WebAssembly
// modules) is kept in the Cache API when first fetched and served from it afterwards, while a
// fresh copy is fetched in the background for the next visit (stale-while-revalidate). On a
// weak or absent network the page then starts from the device at once. Requests to other
// origins and anything but GET (a future submission to the intake service) pass through.
const CACHE = 'weiquan-app-v1';
/** What the page needs to start and to show a complaint's deadlines, kept at the first visit
 * (the files the page fetched before this worker took control are fetched again, by the
 * worker). The calculator's module (tools) is kept when it is first used: about 230 KB a
 * consumer on a metered connection may never need. */
const SHELL = [
  './', 'index.html', 'app.js', 'style.css', 'manifest.webmanifest', 'icon.svg',
  'pkg/weiquan.js', 'pkg/form/weiquan_form.js', 'pkg/form/weiquan_form_bg.wasm',
  'pkg/follow/weiquan_follow.js', 'pkg/follow/weiquan_follow_bg.wasm',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, { ignoreSearch: true });
    const fresh = fetch(request).then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    });
    if (cached) {
      event.waitUntil(fresh.catch(() => {}));
      return cached;
    }
    return fresh;
  })());
});
