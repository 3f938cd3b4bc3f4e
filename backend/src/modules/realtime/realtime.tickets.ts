import { createHash, randomBytes } from 'node:crypto';
import type { Cache } from '../../platform/cache';
import type { AuthContext, Role } from '../../platform/http/request-context';

/**
 * Realtime tickets: a browser cannot put a bearer token on a WebSocket handshake, and a JWT in a
 * URL ends up in proxy logs for 12 hours. So the dashboard trades its token for a random ticket,
 * good for one connection within 60 s. Tickets live in the cache (shared by every instance with
 * Redis) under a hash of their value, and redeeming one is a single atomic take.
 */
export type TicketHolder = {
  userId: string;
  /** The caller's memberships when the ticket was issued, in `/me` order (first = default clinic). */
  memberships: { clinicId: string; role: Role }[];
};

export type IssuedTicket = { ticket: string; expiresAt: Date };

export type RealtimeTicketService = {
  issue(auth: AuthContext): Promise<IssuedTicket>;
  /** The holder of a valid, unused, unexpired ticket; undefined otherwise. Consumes the ticket. */
  redeem(ticket: string): Promise<TicketHolder | undefined>;
};

export const TICKET_TTL_SECONDS = 60;
const TICKET_BYTES = 32;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

type StoredTicket = TicketHolder & { expiresAtMs: number };

const cacheKeyOf = (ticket: string) => `realtime-ticket:${createHash('sha256').update(ticket).digest('hex')}`;

export function createRealtimeTicketService(deps: { cache: Cache; now?: () => Date }): RealtimeTicketService {
  const now = deps.now ?? (() => new Date());
  return {
    async issue(auth) {
      const ticket = randomBytes(TICKET_BYTES).toString('base64url');
      const expiresAt = new Date(now().getTime() + TICKET_TTL_SECONDS * 1000);
      const stored: StoredTicket = {
        userId: auth.user.id,
        memberships: auth.memberships.map(({ clinicId, role }) => ({ clinicId, role })),
        expiresAtMs: expiresAt.getTime(),
      };
      await deps.cache.set(cacheKeyOf(ticket), stored, TICKET_TTL_SECONDS);
      return { ticket, expiresAt };
    },

    async redeem(ticket) {
      if (!TICKET_FORMAT.test(ticket)) return undefined;
      const stored = await deps.cache.take<StoredTicket>(cacheKeyOf(ticket));
      // The cache TTL is the clean-up; this check is the rule, measured on our own clock.
      if (!stored || stored.expiresAtMs <= now().getTime()) return undefined;
      return { userId: stored.userId, memberships: stored.memberships };
    },
  };
}
