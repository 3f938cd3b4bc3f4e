import type { Server } from 'node:http';
import type { Logger } from './logger';

export type ShutdownStep = { name: string; run: () => Promise<void> };

export type GracefulShutdown = {
  isShuttingDown(): boolean;
  /** Runs once; later calls return the same promise. Resolves true when everything closed in time. */
  shutdown(reason: string): Promise<boolean>;
};

export type ShutdownOptions = {
  server: Server;
  logger: Logger;
  /** Run as soon as shutdown starts, alongside the HTTP drain (e.g. close WebSockets with 1001). */
  onStart?: ShutdownStep[];
  /** Run in order once HTTP has drained (stop workers, close bus, cache, database). */
  steps: ShutdownStep[];
  /** In-flight requests get this long before their connections are cut. */
  httpDrainMs?: number;
  /** The whole shutdown gets this long; contract §7 says exit within 10 s. */
  totalTimeoutMs?: number;
};

/**
 * SIGTERM handling: stop accepting connections, let in-flight requests finish, then close
 * everything else in order. Bounded in time so an orchestrator never has to SIGKILL us.
 */
export function createGracefulShutdown(options: ShutdownOptions): GracefulShutdown {
  const { server, logger } = options;
  const httpDrainMs = options.httpDrainMs ?? 5_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 9_000;
  let running: Promise<boolean> | undefined;

  async function runStep(step: ShutdownStep): Promise<boolean> {
    try {
      await step.run();
      return true;
    } catch (error) {
      logger.error('shutdown step failed', { step: step.name, error });
      return false;
    }
  }

  function drainHttp(): Promise<void> {
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        logger.warn('in-flight requests did not finish in time; closing their connections');
        server.closeAllConnections();
      }, httpDrainMs);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Keep-alive sockets with no request in flight would otherwise hold close() open.
      server.closeIdleConnections();
    });
  }

  async function run(reason: string): Promise<boolean> {
    logger.info('shutting down', { reason });
    const startResults = Promise.all((options.onStart ?? []).map(runStep));
    await drainHttp();
    let isClean = (await startResults).every(Boolean);
    for (const step of options.steps) isClean = (await runStep(step)) && isClean;
    return isClean;
  }

  return {
    isShuttingDown: () => running !== undefined,
    shutdown(reason) {
      running ??= Promise.race([
        run(reason),
        new Promise<boolean>((resolve) => {
          setTimeout(() => {
            logger.error('shutdown timed out', { timeoutMs: totalTimeoutMs });
            resolve(false);
          }, totalTimeoutMs).unref();
        }),
      ]);
      return running;
    },
  };
}
