// Vitest setup: tests reach only this machine. Any TCP connection to a host other than loopback fails at once with
// a message naming the host, so a test that would call Auth0, ngrok or ChatGPT cannot pass by accident.
// (Native code, such as @ngrok/ngrok, does not go through Node's sockets: those tests point it at loopback.)

import net from 'node:net';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;

type ConnectArgs = Parameters<net.Socket['connect']>;

function targetHost(args: unknown[]): string | undefined {
  // net.connect() hands Socket#connect its already-normalised [options, callback] as one array argument.
  if (Array.isArray(args[0])) return targetHost(args[0]);
  const [first, second] = args;
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    return options.path ? undefined : (options.host ?? 'localhost');
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // a unix socket path
  return typeof second === 'string' ? second : 'localhost';
}

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const host = targetHost(args as unknown[]);
  if (host !== undefined && !LOOPBACK.test(host)) {
    const error = Object.assign(new Error(`test network guard: a connection to ${host} was attempted; tests reach only loopback`), {
      code: 'ECONNREFUSED',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return original.apply(this, args);
} as typeof original;
