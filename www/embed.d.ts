// Types of what newscard's loader (`embed.js`) gives the host page: the
// `window.newscard` object and the `newscard:*` events on each widget element.
// Events bubble, so `document.addEventListener('newscard:reaction', …)` hears
// every widget on the page.

export interface NewscardApi {
  /** The widget's version, e.g. "0.1.0". */
  readonly version: string;
  /** Mounts the widget on `element` now (not when it nears the viewport). */
  mount(element: HTMLElement): void;
  /** Unmounts it: its view, requests, streams and listeners are released. */
  unmount(element: HTMLElement): void;
}

/** In every event's detail. */
export interface NewscardDetail {
  /** The site id (`site` attribute). */
  site: string;
  /** The article URL the widget is about; empty for a ranking. */
  article: string;
}

export interface NewscardReadyDetail extends NewscardDetail {
  /** "ranking" for `view="ranking"`; absent for the article widget. */
  view?: 'ranking';
}

export interface NewscardReactionDetail extends NewscardDetail {
  /** The reader's reaction now, or null after a retraction. */
  reaction: string | null;
  /** Every reaction's count, as stored. */
  counts: Record<string, number>;
}

export interface NewscardShareDetail extends NewscardDetail {
  /** wechat, weibo, qq, qzone, x, facebook, linkedin, telegram, whatsapp, email, copy or native. */
  service: string;
}

export interface NewscardRelatedClickDetail extends NewscardDetail {
  /** The related article opened. */
  url: string;
}

export interface NewscardErrorDetail extends NewscardDetail {
  /** load_failed, article_not_found, reaction_failed or related_failed. */
  code: string;
}

declare global {
  interface Window {
    newscard?: NewscardApi;
  }
  interface HTMLElementEventMap {
    'newscard:ready': CustomEvent<NewscardReadyDetail>;
    'newscard:reaction': CustomEvent<NewscardReactionDetail>;
    'newscard:share': CustomEvent<NewscardShareDetail>;
    'newscard:related-click': CustomEvent<NewscardRelatedClickDetail>;
    'newscard:error': CustomEvent<NewscardErrorDetail>;
  }
  interface DocumentEventMap {
    'newscard:ready': CustomEvent<NewscardReadyDetail>;
    'newscard:reaction': CustomEvent<NewscardReactionDetail>;
    'newscard:share': CustomEvent<NewscardShareDetail>;
    'newscard:related-click': CustomEvent<NewscardRelatedClickDetail>;
    'newscard:error': CustomEvent<NewscardErrorDetail>;
  }
}
