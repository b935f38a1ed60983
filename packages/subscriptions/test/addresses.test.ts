import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, type Resolve, UnsafeEndpointError } from '../src/index.ts';

const resolveTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

const strict = { allowLoopback: false, resolve: resolveTo('93.184.216.34') };
const local = { allowLoopback: true, resolve: resolveTo('93.184.216.34') };

async function refusal(url: string, policy: Parameters<typeof checkWebhookUrl>[1]): Promise<string> {
  try {
    await checkWebhookUrl(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsafeEndpointError);
    return (error as Error).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('webhook address checks', () => {
  it('accepts an https URL whose every address is public unicast, answering the addresses to connect to', async () => {
    const checked = await checkWebhookUrl('https://hooks.example.org/in', {
      allowLoopback: false,
      resolve: resolveTo('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'),
    });
    expect(checked.addresses.map((entry) => entry.address)).toEqual(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://10.0.0.1/', 'private'],
    ['http://172.16.5.4/', 'private'],
    ['http://192.168.1.1/', 'private'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://240.0.0.1/', 'reserved'],
    ['http://[::1]/', 'loopback'],
    ['http://127.0.0.1/', 'loopback'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd12:3456::1]/', 'unique-local'],
    ['http://[::ffff:169.254.169.254]/', 'link-local'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[2002:a00:1::1]/', '6to4'],
    ['http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/', 'teredo'],
    ['http://[64:ff9b::a00:1]/', 'rfc6052'],
    ['http://[::]/', 'unspecified'],
  ])('refuses %s (%s) without the local flag', async (url, why) => {
    expect(await refusal(url, strict)).toContain(why);
  });

  it.each([
    ['https://[::127.0.0.1]/', 'IPv4-compatible IPv6 address carrying 127.0.0.1, a loopback'],
    ['https://[::7f00:1]/', 'carrying 127.0.0.1, a loopback'],
    ['https://[::169.254.169.254]/', 'carrying 169.254.169.254, a link-local'],
    ['https://[::10.0.0.1]/', 'carrying 10.0.0.1, a private-network'],
    ['https://[::8.8.8.8]/', 'deprecated IPv4-compatible IPv6 address carrying 8.8.8.8;'],
    ['https://[::ffff:0:127.0.0.1]/', 'rfc6145) address carrying 127.0.0.1, a loopback'],
    ['https://[64:ff9b::169.254.169.254]/', 'rfc6052) address carrying 169.254.169.254, a link-local'],
    ['https://[2002:a9fe:a9fe::1]/', '6to4) address carrying 169.254.169.254, a link-local'],
    ['https://[2002:7f00:1::1]/', '6to4) address carrying 127.0.0.1, a loopback'],
  ])('refuses %s, an IPv6 form of an IPv4 address, saying which it carries, even with the local flag', async (url, why) => {
    expect(await refusal(url, strict)).toContain(why);
    expect(await refusal(url, local)).toContain(why);
  });

  it('refuses a host name that resolves to an IPv4-compatible IPv6 address', async () => {
    const message = await refusal('https://sneaky.example/', { allowLoopback: true, resolve: resolveTo('::7f00:1') });
    expect(message).toContain('resolves to ::7f00:1, which is a deprecated IPv4-compatible IPv6 address carrying 127.0.0.1');
  });

  it('refuses a host name if any one of its addresses is not public', async () => {
    const message = await refusal('https://mixed.example/', { allowLoopback: false, resolve: resolveTo('93.184.216.34', '10.9.8.7') });
    expect(message).toContain('resolves to 10.9.8.7');
  });

  it('refuses a host name that does not resolve, saying so', async () => {
    const message = await refusal('https://nowhere.example/', {
      allowLoopback: false,
      resolve: async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    });
    expect(message).toContain('could not be resolved (ENOTFOUND)');
  });

  it('requires https except to loopback with the local flag', async () => {
    expect(await refusal('http://hooks.example.org/in', strict)).toContain('must use https');
    expect(await refusal('http://hooks.example.org/in', local)).toContain('must use https');
    expect(await refusal('ftp://hooks.example.org/in', strict)).toContain('https');
    await expect(checkWebhookUrl('http://127.0.0.1:8080/in', local)).resolves.toBeDefined();
    await expect(checkWebhookUrl('http://[::1]:8080/in', local)).resolves.toBeDefined();
  });

  it('allows loopback and nothing else non-public with the local flag', async () => {
    expect(await refusal('http://10.0.0.1/', local)).toContain('private');
    expect(await refusal('http://169.254.169.254/', local)).toContain('link-local');
  });

  it('refuses credentials in the URL and URLs it cannot read', async () => {
    expect(await refusal('https://user:secret@hooks.example.org/', strict)).toContain('user name or password');
    expect(await refusal('not a url', strict)).toContain('not an absolute URL');
  });
});
