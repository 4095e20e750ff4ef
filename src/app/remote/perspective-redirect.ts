/**
 * Per-call context for perspective-api-client: a request interceptor on the axios instance the client itself loads
 * (axios 1.x is a dual package, so an app-level `import axios` is a different instance) sends the client's hard-coded
 * URL to `PERSPECTIVE_BASE_URL`, attaches the scheduler's abort signal and refuses redirects (the key is in the query).
 * The context travels with AsyncLocalStorage, so calls outside `withPerspectiveCall` are left alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

/** The origin the client's URL is hard-coded to. */
export const PERSPECTIVE_ORIGIN = 'https://commentanalyzer.googleapis.com';

interface CallContext {
  /** Replacement for PERSPECTIVE_ORIGIN (origin plus optional path prefix, no trailing slash); null for the real service. */
  baseUrl: string | null;
  signal: AbortSignal;
}

interface RequestConfig {
  url?: string;
  signal?: AbortSignal;
  maxRedirects?: number;
}

interface ClientAxios {
  interceptors: { request: { use(fn: (config: RequestConfig) => RequestConfig): number } };
}

const calls = new AsyncLocalStorage<CallContext>();
let installed = false;

function install(): void {
  if (installed) return;
  const require = createRequire(import.meta.url);
  const clientAxios = createRequire(require.resolve('perspective-api-client'))('axios') as ClientAxios;
  clientAxios.interceptors.request.use((config) => {
    const context = calls.getStore();
    if (!context) return config;
    if (context.baseUrl !== null && config.url?.startsWith(PERSPECTIVE_ORIGIN)) {
      config.url = context.baseUrl + config.url.slice(PERSPECTIVE_ORIGIN.length);
    }
    config.signal = context.signal;
    config.maxRedirects = 0;
    return config;
  });
  installed = true;
}

/** Runs `fn` (which calls the client) with its requests sent to `baseUrl` and cancelled by `signal`. */
export function withPerspectiveCall<T>(baseUrl: string | null, signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  install();
  return calls.run({ baseUrl, signal }, fn);
}
