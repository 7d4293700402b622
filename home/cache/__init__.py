"""What the site keeps between requests, one module per layer (lower layers first); none of them
reads the site's models (``home.page_cache``, the anonymous full-page cache above them, does):

- ``memo``: bounded in-process memories (``BoundedMemo``), keyed by everything their values
  depend on, so never stale.
- ``generation``: the *site generation*, the token every shared value and cached page is keyed by.
- ``shared``: values kept per generation in the shared cache and in the process; their keys are
  made by ``shared_key``/``site_key``, which put the generation in.
- ``lookups``: the small per-generation lookups nearly every request reads (locale ids, translated
  keys, restricted paths).
- ``fragments``: HTML kept per site, language and generation (the ``kept_fragment`` decorator).
- ``purge``: what a change asks a front-end cache (nginx, a CDN) to drop, and nginx's backend.

The generation is replaced whenever something a public page may show changes (a page published,
unpublished, moved or deleted; site settings, images, snippets). Nothing cached under the old token
is read again, so a change is visible at once on every page that lists it, without knowing which
pages those are. The token also lapses by itself when the next page becomes visible or expires
without anyone publishing (an article dated in the future, a page's expiry time), and cached pages
vary by the local date because an article's citation shows today's date (引用日期).

Where the token lives must be shared by every worker process: the ``default`` cache when
``CACHE_URL`` is set (Redis in production), otherwise a small file-based cache under ``var/``
(settings: ``PAGE_CACHE_GENERATION_ALIAS``). Cached pages themselves may live in a per-process
cache, because their keys carry the token.
"""
