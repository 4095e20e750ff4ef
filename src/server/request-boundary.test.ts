import { describe, expect, it } from 'vitest';
import { checkHost, checkOrigin, hostAllowList, hostNameOf, isLoopbackName } from './request-boundary.ts';

describe('hostNameOf', () => {
  it.each([
    ['localhost:4317', 'localhost'],
    ['Example.ORG.', 'example.org'],
    ['[::1]:4317', '::1'],
    ['[FD00::5]', 'fd00::5'],
    ['127.0.0.1', '127.0.0.1'],
  ])('reads %j as %j', (header, name) => {
    expect(hostNameOf(header)).toBe(name);
  });

  it.each(['', 'a b', 'host:port', 'host:123456', '[::1', 'user@host', 'a:1:2'])('refuses the malformed %j', (header) => {
    expect(hostNameOf(header)).toBeNull();
  });
});

describe('isLoopbackName', () => {
  it('knows localhost, *.localhost, 127/8 and ::1, and nothing that merely starts or ends like them', () => {
    expect(['localhost', 'app.localhost', '127.0.0.1', '127.255.255.254', '::1'].every(isLoopbackName)).toBe(true);
    expect(['localhost.example', 'xlocalhost', '127.0.0.1.nip.io', '127.0.0.256', '0.0.0.0', '::', '::ffff:127.0.0.1', '10.0.0.1'].some(isLoopbackName)).toBe(false);
  });
});

describe('checkHost', () => {
  const allow = hostAllowList('::', ['console.example.org']);

  it('passes loopback and allowed names on any port, and a missing Host', () => {
    for (const header of ['localhost', 'console.example.org:443', '[::1]:80', undefined]) expect(checkHost(header, allow)).toBeNull();
  });

  it('refuses others with 421, naming the host and the flag, and a malformed Host without a flag hint', () => {
    expect(checkHost('evil.example:4317', allow)).toEqual({
      status: 421,
      where: 'headers.host',
      message: 'this server does not answer for host "evil.example:4317" (protection against DNS rebinding); to reach the server by this name, start it with --allowed-host evil.example (or add it to THREADSCOPE_ALLOWED_HOSTS)',
    });
    expect(checkHost('a b', allow)?.message).toContain('"a b" (protection against DNS rebinding); it is not a valid host name');
    expect(checkHost('x'.repeat(1000), allow)?.message.length).toBeLessThan(700);
  });

  it('adds a specific listen address, not a wildcard one', () => {
    expect(checkHost('192.168.1.5:4317', hostAllowList('192.168.1.5'))).toBeNull();
    expect(checkHost('0.0.0.0:4317', hostAllowList('0.0.0.0'))?.status).toBe(421);
    expect(checkHost('[::]:4317', hostAllowList('::'))?.status).toBe(421);
  });
});

describe('checkOrigin', () => {
  const request = (over: Partial<Parameters<typeof checkOrigin>[0]>) => checkOrigin({ method: 'POST', protocol: 'http', host: 'localhost:4317', origin: undefined, secFetchSite: undefined, ...over });

  it('never checks GET, HEAD and OPTIONS', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(request({ method, origin: 'http://evil.example', secFetchSite: 'cross-site' })).toBeNull();
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('checks %s: its own origin passes, with the default port left out or not', (method) => {
    expect(request({ method, origin: 'http://localhost:4317' })).toBeNull();
    expect(request({ method, host: 'localhost', origin: 'http://localhost' })).toBeNull();
    expect(request({ method, host: 'localhost:80', origin: 'http://localhost' })).toBeNull();
    expect(request({ method, protocol: 'https', host: 'console.example.org', origin: 'https://console.example.org:443' })).toBeNull();
    expect(request({ method, origin: 'http://LOCALHOST:4317', secFetchSite: 'same-origin' })).toBeNull();
  });

  it.each([
    ['another host', { origin: 'http://evil.example' }, 'origin "http://evil.example"'],
    ['another port', { origin: 'http://localhost:5000' }, 'origin "http://localhost:5000"'],
    ['another scheme', { origin: 'https://localhost:4317' }, 'origin "https://localhost:4317"'],
    ['the opaque origin', { origin: 'null' }, 'origin "null"'],
    ['a non-http origin', { origin: 'file://' }, 'origin "file://"'],
    ['no Host to compare with', { host: undefined, origin: 'http://localhost:4317' }, 'origin "http://localhost:4317"'],
    ['Sec-Fetch-Site cross-site', { secFetchSite: 'cross-site' }, 'Sec-Fetch-Site: cross-site'],
    ['Sec-Fetch-Site same-site, even with our Origin', { secFetchSite: 'Same-Site', origin: 'http://localhost:4317' }, 'Sec-Fetch-Site: same-site'],
  ])('refuses %s with 403', (_label, over, named) => {
    const refusal = request(over);
    expect(refusal?.status).toBe(403);
    expect(refusal?.message).toContain(named);
  });

  it('passes a request with neither header (curl, the CLI, scripts)', () => {
    expect(request({})).toBeNull();
    expect(request({ secFetchSite: 'none' })).toBeNull();
  });
});
