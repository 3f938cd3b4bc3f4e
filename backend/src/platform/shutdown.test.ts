import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGracefulShutdown } from './shutdown';
import { createLogger } from './logger';

const logger = createLogger({ level: 'error', silent: true });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('stops accepting, finishes in-flight requests, then runs the steps in order', async () => {
    const release = deferred();
    const requestArrived = deferred();
    const { server, port } = await startServer((_req, res) => {
      requestArrived.resolve();
      void release.promise.then(() => res.end('finished'));
    });
    const order: string[] = [];
    const shutdown = createGracefulShutdown({
      server,
      logger,
      onStart: [{ name: 'sockets', run: async () => void order.push('sockets') }],
      steps: [
        { name: 'workers', run: async () => void order.push('workers') },
        { name: 'database', run: async () => void order.push('database') },
      ],
    });

    const inFlight = get(port, '/slow');
    await requestArrived.promise;
    const done = shutdown.shutdown('SIGTERM');
    expect(shutdown.isShuttingDown()).toBe(true);
    await expect(get(port, '/new')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(order).toEqual(['sockets']); // steps wait for the HTTP drain

    release.resolve();
    await expect(inFlight).resolves.toEqual({ status: 200, body: 'finished' });
    await expect(done).resolves.toBe(true);
    expect(order).toEqual(['sockets', 'workers', 'database']);
    expect(shutdown.shutdown('again')).toBe(done);
  });

  it('cuts requests that outlive the drain window and reports an unclean stop for failing steps', async () => {
    const { server, port } = await startServer(() => undefined); // never answers
    const shutdown = createGracefulShutdown({
      server,
      logger,
      httpDrainMs: 100,
      steps: [{ name: 'broken', run: () => Promise.reject(new Error('close failed')) }],
    });
    const stuck = get(port, '/stuck');
    await new Promise((resolve) => server.once('request', resolve));
    const startedAt = Date.now();
    await expect(shutdown.shutdown('SIGTERM')).resolves.toBe(false);
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
