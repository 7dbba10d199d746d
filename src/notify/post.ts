// Posting a payload to a webhook (README "Notifications"): JSON over HTTP(S), each attempt with a timeout, retried
// with exponential backoff on what may pass (a 5xx, 429 Too Many Requests, a refused or dropped connection, a
// timeout) and not on what will not (another 4xx: a wrong or revoked URL). The URL is a secret (Slack's and Teams'
// webhooks carry their token in the path): it is never printed — errors name the webhook by its host, and any text
// echoed from the server has the URL masked out.

export interface PostOptions {
  /** Per attempt, in milliseconds. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** The wait before the first retry; doubled for each next one (capped at 30 s). */
  backoffMs: number;
  /** Told before each retry: which attempt failed and why (already masked). */
  onRetry?: (attempt: number, why: string, waitMs: number) => void;
}

export interface Posted {
  status: number;
  attempts: number;
}

/** The post failed after its attempts: why (masked), and how many there were. */
export class PostFailure {
  constructor(
    readonly why: string,
    readonly attempts: number,
  ) {}
}

/** Text from a server or an error with the URL (and its path, which holds the token) replaced by `***`. */
export function masked(text: string, url: URL): string {
  let out = text;
  for (const secret of [url.href, `${url.origin}${url.pathname}`, url.pathname.length > 1 ? url.pathname : '', url.search.length > 1 ? url.search : '']) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function postJson(url: URL, body: string, options: PostOptions): Promise<Posted> {
  let last = '';
  for (let attempt = 1; ; attempt++) {
    let retryable: boolean;
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'kpi' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'follow',
      });
      const text = await response.text().catch(() => '');
      if (response.ok) return { status: response.status, attempts: attempt };
      const shown = masked(text.trim().slice(0, 200), url);
      last = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${shown ? `: ${shown}` : ''}`;
      retryable = response.status >= 500 || response.status === 429;
      const after = Number(response.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) retryAfterMs = Math.min(after * 1000, 30_000);
    } catch (err) {
      last = masked(describe(err, options.timeoutMs), url);
      retryable = true;
    }
    if (!retryable || attempt > options.retries) throw new PostFailure(last, attempt);
    const wait = retryAfterMs ?? Math.min(options.backoffMs * 2 ** (attempt - 1), 30_000);
    options.onRetry?.(attempt, last, wait);
    await sleep(wait);
  }
}

/** A failed fetch in words: its cause's code (ECONNREFUSED, ENOTFOUND …), or the timeout. */
function describe(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s (--timeout)`;
  const cause = e?.cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e?.message ?? String(err);
}
